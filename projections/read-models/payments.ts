import type { StoredEvent } from '../../contracts/event-store.ts';
import type { Projection, ProjectionRows } from '../../contracts/projection.ts';
import { integerString } from './amounts.ts';
import { factOf, unixSeconds, withoutLeadingZeros } from './event-facts.ts';
import { paymentOf } from './payment-of.ts';
import { PAYMENTS_READER } from './payments-reader.ts';
import { MERGE_TREE_SETTINGS } from './table-sql.ts';

const NAME = 'payments';
const LEGS = 'payment_legs';

/** One row per payment-like operation of a successful transaction, as its body states it. */
const CREATE_PAYMENTS = `CREATE TABLE IF NOT EXISTS {{payments}} (
  id UInt64,
  ledger UInt32,
  close_time DateTime('UTC'),
  tx_hash String,
  op_index UInt16,
  type LowCardinality(String),
  from String,
  to String,
  from_muxed Nullable(String),
  to_muxed Nullable(String),
  asset LowCardinality(Nullable(String)),
  amount Nullable(Int128),
  source_asset LowCardinality(Nullable(String)),
  source_amount Nullable(Int128),
  claimable_balance Nullable(String),
  version UInt64,
  INDEX idx_from from TYPE bloom_filter GRANULARITY 4,
  INDEX idx_to to TYPE bloom_filter GRANULARITY 4
) ENGINE = ReplacingMergeTree(version)
ORDER BY id
${MERGE_TREE_SETTINGS}`;

/**
 * What settles a payment whose body lacks an amount: every trade (claim atom) of an operation, and
 * the operation's CAP-67 transfer events that can settle a merge (`native` transfers) or a claim
 * (transfers and burns out of a `B…` claimable balance). For a trade `asset`/`amount` is what the
 * maker or pool sold and `bought_*` what it received; for a transfer, what moved out of `from_address`.
 */
const CREATE_LEGS = `CREATE TABLE IF NOT EXISTS {{payment_legs}} (
  op_id UInt64,
  kind LowCardinality(String),
  leg_index UInt32,
  leg_id String,
  from_address String,
  asset LowCardinality(String),
  amount Int128,
  bought_asset LowCardinality(String),
  bought_amount Int128,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY (op_id, kind, leg_index)
${MERGE_TREE_SETTINGS}`;

/** The operation TOID in a trade id (`toid-index`) or an event id (`pad19(toid)-pad10(index)`). */
const operationIdOf = (id: string): string => withoutLeadingZeros(id.slice(0, id.indexOf('-')));

function paymentRows(event: StoredEvent): readonly ProjectionRows[] {
  const op = factOf(NAME, event, 'OperationApplied');
  if (op === null) return [];
  const payment = paymentOf(NAME, event, op);
  if (payment === null) return [];
  return [
    {
      table: NAME,
      rows: [
        {
          id: op.id,
          ledger: op.ledger,
          close_time: unixSeconds(op.closeTime),
          version: event.position.toString(),
          tx_hash: op.txHash ?? '',
          op_index: op.data.index,
          type: payment.type,
          from: payment.from,
          to: payment.to,
          from_muxed: payment.fromMuxed,
          to_muxed: payment.toMuxed,
          asset: payment.asset,
          amount: payment.amount,
          source_asset: payment.sourceAsset,
          source_amount: payment.sourceAmount,
          claimable_balance: payment.claimableBalance,
        },
      ],
    },
  ];
}

function legRows(event: StoredEvent): readonly ProjectionRows[] {
  const trade = factOf(NAME, event, 'TradeExecuted');
  if (trade !== null) {
    const d = trade.data;
    return [
      {
        table: LEGS,
        rows: [
          {
            op_id: operationIdOf(trade.id),
            kind: 'trade',
            leg_index: d.index,
            leg_id: trade.id,
            from_address: d.seller ?? d.liquidityPoolId ?? '',
            asset: d.assetSold,
            amount: integerString(NAME, event, 'data.amountSold', d.amountSold),
            bought_asset: d.assetBought,
            bought_amount: integerString(NAME, event, 'data.amountBought', d.amountBought),
            version: event.position.toString(),
          },
        ],
      },
    ];
  }
  const transfer = factOf(NAME, event, 'TokenTransferred');
  if (transfer === null) return [];
  const d = transfer.data;
  const fromBalance = d.from?.startsWith('B') === true;
  const nativeTransfer = d.kind === 'transfer' && d.asset === 'native';
  if (d.operationIndex === null || d.asset === null || !(fromBalance || nativeTransfer)) return [];
  if (d.kind !== 'transfer' && d.kind !== 'burn') return [];
  return [
    {
      table: LEGS,
      rows: [
        {
          op_id: operationIdOf(transfer.id),
          kind: d.kind,
          leg_index: Number(transfer.id.slice(transfer.id.indexOf('-') + 1)),
          leg_id: transfer.id,
          from_address: d.from ?? '',
          asset: d.asset,
          amount: integerString(NAME, event, 'data.amount', d.amount),
          bought_asset: '',
          bought_amount: '0',
          version: event.position.toString(),
        },
      ],
    },
  ];
}

/**
 * `payments`: payment, both path payments, create account, account merge and claimable-balance
 * claims of successful transactions: from, to, asset, amount, and the source side of path payments.
 */
export const paymentsProjection: Projection = {
  name: NAME,
  version: 1,
  eventTypes: ['OperationApplied', 'TradeExecuted', 'TokenTransferred'],
  tables: [
    { name: NAME, kind: 'table', create: CREATE_PAYMENTS, readerQuery: PAYMENTS_READER },
    { name: LEGS, kind: 'table', create: CREATE_LEGS, readerQuery: `SELECT * FROM {{payment_legs}} FINAL` },
  ],
  rowsFor: (event) => (event.type === 'OperationApplied' ? paymentRows(event) : legRows(event)),
};
