import { connectionOf } from './common.ts';

export const PAYMENT_SDL = `
type Payment {
  id: String!
  ledger: Int!
  closeTime: String!
  txHash: String!
  opIndex: Int!
  type: String!
  from: String!
  to: String!
  fromMuxed: String
  toMuxed: String
  asset: String
  "What to received, exact integer string; null where not known (see README)"
  amount: String
  sourceAsset: String
  sourceAmount: String
  claimableBalance: String
  transaction: Transaction
}
${connectionOf('Payment')}

input PaymentFilter { account: String, asset: String }
`;
