import { connectionOf } from './common.ts';

export const LEDGER_SDL = `
type Ledger {
  sequence: Int!
  hash: String!
  previousHash: String!
  "ISO-8601 UTC"
  closeTime: String!
  protocolVersion: Int!
  baseFee: Int!
  baseReserve: Int!
  transactionCount: Int!
  successfulTransactionCount: Int!
  failedTransactionCount: Int!
  operationCount: Int!
  successfulOperationCount: Int!
  "Stroops, exact integer string"
  feeCharged: String!
  "Contract events of the ledger (null in subscriptions)"
  contractEvents: Int
}
${connectionOf('Ledger')}
`;
