import { connectionOf } from './common.ts';

export const TRADE_SDL = `
type Trade {
  "Horizon's toid-index"
  id: String!
  ledger: Int!
  closeTime: String!
  txHash: String!
  kind: String!
  buyer: String!
  seller: String
  offerId: String
  liquidityPoolId: String
  baseAsset: String!
  counterAsset: String!
  baseAmount: String!
  counterAmount: String!
  takerBoughtBase: Boolean!
  "Exact price counter/base as a reduced fraction"
  priceN: String
  priceD: String
  "The fraction as a decimal truncated to 38 places"
  price: String
  transaction: Transaction
}
${connectionOf('Trade')}

enum CandleInterval { ONE_MINUTE FIVE_MINUTES ONE_HOUR ONE_DAY }

type Candle {
  baseAsset: String!
  counterAsset: String!
  interval: String!
  bucket: String!
  open: String!
  high: String!
  low: String!
  close: String!
  baseVolume: String!
  counterVolume: String!
  tradeCount: Int!
}
${connectionOf('Candle')}
`;
