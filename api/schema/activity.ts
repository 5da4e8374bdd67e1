import { connectionOf } from './common.ts';

export const ACTIVITY_SDL = `
type AssetActivity {
  asset: String!
  "YYYY-MM-DD (UTC)"
  day: String!
  transferCount: Int!
  transferVolume: String!
  mintVolume: String!
  burnVolume: String!
  feeVolume: String!
  tradeCount: Int!
  tradeVolume: String!
  distinctAccounts: Int!
}
${connectionOf('AssetActivity')}

type AccountActivity {
  account: String!
  transactions: Int!
  paymentsIn: Int!
  paymentsOut: Int!
  trades: Int!
  firstLedger: Int!
  lastLedger: Int!
  firstSeen: String!
  lastSeen: String!
}

type Meta {
  network: String!
  "Last ledger ingest committed"
  ingestedLedger: Int
  "Ledger of the slowest read model"
  projectedLedger: Int
  "Close time of the last stored ledger minus that of the slowest read model"
  lagSeconds: Float
}
`;
