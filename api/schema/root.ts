const PAGE = 'first: Int, after: String, order: Order';

export const ROOT_SDL = `
type Query {
  ledgers(${PAGE}): LedgerConnection!
  ledger(sequence: Int!): Ledger
  transaction(hash: String!): Transaction
  transactions(account: String, ledger: Int, successful: Boolean, ${PAGE}): TransactionConnection!
  operations(account: String, type: String, transactionHash: String, ${PAGE}): OperationConnection!
  payments(account: String, asset: String, from: String, to: String, ${PAGE}): PaymentConnection!
  trades(pair: PairInput!, from: String, to: String, ${PAGE}): TradeConnection!
  candles(pair: PairInput!, interval: CandleInterval!, from: String, to: String, ${PAGE}): CandleConnection!
  tokenTransfers(filter: TokenTransferFilter, ${PAGE}): TokenTransferConnection!
  "topics by position; null matches any"
  contractEvents(contract: String!, topics: [String], ${PAGE}): ContractEventConnection!
  "from/to are days, YYYY-MM-DD, inclusive"
  assetActivity(asset: String!, from: String, to: String, ${PAGE}): AssetActivityConnection!
  accountActivity(account: String!): AccountActivity
  "Trigger rules created through the API (needs credentials)"
  triggerRules: [TriggerRule!]!
  _meta: Meta!
}

type Mutation {
  "Creates or replaces a trigger rule: YAML or JSON of one rule; every problem is reported at once"
  putTriggerRule(definition: String!): TriggerRule!
  "Deletes a rule created through the API; false when there was none"
  deleteTriggerRule(name: String!): Boolean!
}

type Subscription {
  ledgerClosed(after: String): LedgerUpdate!
  payments(filter: PaymentFilter, after: String): PaymentUpdate!
  trades(pair: PairInput!, after: String): TradeUpdate!
  candles(pair: PairInput!, interval: CandleInterval!, after: String): CandleUpdate!
  contractEvents(contract: String!, topics: [String], after: String): ContractEventUpdate!
  tokenTransfers(filter: TokenTransferFilter, after: String): TokenTransferUpdate!
  "Firings of the trigger engine (one rule, or all)"
  triggerFired(rule: String, after: String): TriggerFiredUpdate!
}
`;
