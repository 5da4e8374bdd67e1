import { connectionOf } from './common.ts';

export const EVENTS_SDL = `
type TokenTransfer {
  "Stellar RPC event id"
  id: String!
  "The asset (native or CODE:ISSUER) or the custom token's contract"
  token: String!
  ledger: Int!
  closeTime: String!
  txHash: String!
  kind: String!
  shape: String!
  from: String
  to: String
  asset: String
  contractId: String!
  amount: String!
  toMuxedId: String
  opIndex: Int
}
${connectionOf('TokenTransfer')}

input TokenTransferFilter {
  "native, CODE:ISSUER or a C… token contract"
  token: String
  "Either party"
  account: String
  "transfer, mint, burn, clawback or fee"
  kind: String
  from: String
  to: String
}

type ContractEvent {
  id: String!
  contractId: String
  ledger: Int!
  closeTime: String!
  txHash: String!
  eventType: String!
  opIndex: Int
  eventIndex: Int!
  stage: String
  inSuccessfulCall: Boolean!
  "Topics as text (symbols, strkeys, decimal numbers, hex bytes)"
  topics: [String!]!
  "Lossless ScVal JSON of the topics"
  topicsJson: String!
  "Lossless ScVal JSON of the data"
  data: String!
}
${connectionOf('ContractEvent')}
`;
