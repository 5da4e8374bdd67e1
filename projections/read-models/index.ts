import type { Projection } from '../../contracts/projection.ts';
import { accountActivityProjection } from './account-activity.ts';
import { assetActivityDailyProjection } from './asset-activity-daily.ts';
import { contractEventsProjection } from './contract-events.ts';
import { ledgersProjection } from './ledgers.ts';
import { liquidityPoolsProjection } from './liquidity-pools.ts';
import { operationsProjection } from './operations.ts';
import { paymentsProjection } from './payments.ts';
import { tokenTransfersProjection } from './token-transfers.ts';
import { tradesProjection } from './trades.ts';
import { transactionsProjection } from './transactions.ts';

export { READ_MODEL_ERROR_CODES } from './errors.ts';
export {
  accountActivityProjection,
  assetActivityDailyProjection,
  contractEventsProjection,
  ledgersProjection,
  operationsProjection,
  paymentsProjection,
  tokenTransfersProjection,
  tradesProjection,
  transactionsProjection,
};

/** Every read model of the indexer (`trades` also keeps `candles`). */
export const ALL_PROJECTIONS: readonly Projection[] = [
  ledgersProjection,
  transactionsProjection,
  operationsProjection,
  paymentsProjection,
  tradesProjection,
  tokenTransfersProjection,
  contractEventsProjection,
  assetActivityDailyProjection,
  accountActivityProjection,
  liquidityPoolsProjection,
];
