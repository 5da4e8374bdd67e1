import type { StoredEvent } from '../../contracts/event-store.ts';
import type { Projection, ProjectionRows } from '../../contracts/projection.ts';
import { participant } from './addresses.ts';
import { integerString } from './amounts.ts';
import { factOf, utcDay } from './event-facts.ts';
import { MERGE_TREE_SETTINGS } from './table-sql.ts';

const NAME = 'asset_activity_daily';
const LOG = 'asset_activity_log';

/**
 * One row per asset movement: a token transfer (any kind) or one side of a trade, with the accounts
 * involved. Deduplicated by id; the daily aggregate is kept from its inserts.
 */
const CREATE_LOG = `CREATE TABLE IF NOT EXISTS {{asset_activity_log}} (
  asset LowCardinality(String),
  day Date,
  id String,
  kind LowCardinality(String),
  amount Int128,
  accounts Array(String),
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (asset, day, id)
${MERGE_TREE_SETTINGS}`;

const CREATE_DAILY = `CREATE TABLE IF NOT EXISTS {{asset_activity_daily}} (
  asset LowCardinality(String),
  day Date,
  transfer_count SimpleAggregateFunction(sum, UInt64),
  transfer_volume SimpleAggregateFunction(sum, Int128),
  mint_volume SimpleAggregateFunction(sum, Int128),
  burn_volume SimpleAggregateFunction(sum, Int128),
  fee_volume SimpleAggregateFunction(sum, Int128),
  trade_count SimpleAggregateFunction(sum, UInt64),
  trade_volume SimpleAggregateFunction(sum, Int128),
  accounts AggregateFunction(uniqExactArray, Array(String))
) ENGINE = AggregatingMergeTree
ORDER BY (asset, day)
${MERGE_TREE_SETTINGS}`;

const CREATE_DAILY_MV = `CREATE MATERIALIZED VIEW IF NOT EXISTS {{asset_activity_daily_mv}} TO {{asset_activity_daily}} AS
SELECT
  asset,
  day,
  countIf(kind = 'transfer') AS transfer_count,
  sumIf(amount, kind = 'transfer') AS transfer_volume,
  sumIf(amount, kind = 'mint') AS mint_volume,
  sumIf(amount, kind IN ('burn', 'clawback')) AS burn_volume,
  sumIf(amount, kind = 'fee') AS fee_volume,
  countIf(kind = 'trade') AS trade_count,
  sumIf(amount, kind = 'trade') AS trade_volume,
  uniqExactArrayState(accounts) AS accounts
FROM {{asset_activity_log}}
GROUP BY asset, day`;

const READER = `SELECT
  asset,
  day,
  sum(transfer_count) AS transfer_count,
  sum(transfer_volume) AS transfer_volume,
  sum(mint_volume) AS mint_volume,
  sum(burn_volume) AS burn_volume,
  sum(fee_volume) AS fee_volume,
  sum(trade_count) AS trade_count,
  sum(trade_volume) AS trade_volume,
  uniqExactArrayMerge(accounts) AS distinct_accounts
FROM {{asset_activity_daily}}
GROUP BY asset, day`;

/** The distinct participants among two addresses, in order. */
function accountsOf(first: string | null, second: string | null): string[] {
  const a = participant(first);
  const b = participant(second);
  if (a === null) return b === null ? [] : [b];
  return b === null || b === a ? [a] : [a, b];
}

function rowsFor(event: StoredEvent): readonly ProjectionRows[] {
  const version = event.position.toString();
  const trade = factOf(NAME, event, 'TradeExecuted');
  if (trade !== null) {
    const d = trade.data;
    const day = utcDay(trade.closeTime);
    const accounts = accountsOf(d.buyer, d.seller);
    return [
      {
        table: LOG,
        rows: [
          {
            asset: d.assetSold,
            day,
            id: `${trade.id}:sold`,
            kind: 'trade',
            amount: integerString(NAME, event, 'data.amountSold', d.amountSold),
            accounts,
            version,
          },
          {
            asset: d.assetBought,
            day,
            id: `${trade.id}:bought`,
            kind: 'trade',
            amount: integerString(NAME, event, 'data.amountBought', d.amountBought),
            accounts,
            version,
          },
        ],
      },
    ];
  }
  const transfer = factOf(NAME, event, 'TokenTransferred');
  if (transfer === null) return [];
  const d = transfer.data;
  return [
    {
      table: LOG,
      rows: [
        {
          asset: d.asset ?? d.contractId ?? '',
          day: utcDay(transfer.closeTime),
          id: transfer.id,
          kind: d.kind,
          amount: integerString(NAME, event, 'data.amount', d.amount),
          accounts: accountsOf(d.from, d.to),
          version,
        },
      ],
    },
  ];
}

/**
 * `asset_activity_daily`: per asset (or token contract) and UTC day, transfer count and volume,
 * mints, burns, fees, trade count and volume, and distinct accounts.
 */
export const assetActivityDailyProjection: Projection = {
  name: NAME,
  version: 1,
  eventTypes: ['TokenTransferred', 'TradeExecuted'],
  tables: [
    {
      name: LOG,
      kind: 'table',
      create: CREATE_LOG,
      readerQuery: `SELECT * FROM {{asset_activity_log}} FINAL`,
    },
    { name: NAME, kind: 'view', create: CREATE_DAILY, readerQuery: READER },
    { name: `${NAME}_mv`, kind: 'view', create: CREATE_DAILY_MV, internal: true },
  ],
  rowsFor,
};
