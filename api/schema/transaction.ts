import { connectionOf } from './common.ts';

export const TRANSACTION_SDL = `
type Transaction {
  "TOID"
  id: String!
  hash: String!
  ledger: Int!
  closeTime: String!
  applicationOrder: Int!
  sourceAccount: String!
  sequence: String!
  feeAccount: String
  feeBumpMaxFee: String
  innerHash: String
  maxFee: String!
  feeCharged: String!
  successful: Boolean!
  resultCode: String!
  innerResultCode: String
  memoType: String!
  memo: String
  operationCount: Int!
  sorobanResourceFee: String
  envelopeType: String!
  "Batched per request"
  operations: [Operation!]!
  "Batched per request"
  ledgerHeader: Ledger
}
${connectionOf('Transaction')}

type Operation {
  "TOID"
  id: String!
  transactionId: String!
  ledger: Int!
  closeTime: String!
  txHash: String!
  "0-based index in the transaction"
  index: Int!
  type: String!
  sourceAccount: String!
  "The typed operation body as JSON"
  details: String!
  transactionSuccessful: Boolean!
  resultCode: String
  transaction: Transaction
}
${connectionOf('Operation')}
`;
