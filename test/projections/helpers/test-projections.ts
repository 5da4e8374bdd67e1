import type { StoredEvent } from '../../../contracts/event-store.ts';
import type { Projection } from '../../../contracts/projection.ts';

interface Fact {
  readonly id: string;
  readonly ledger: number;
  readonly closeTime: string;
  readonly data: Record<string, unknown>;
}
const factOf = (event: StoredEvent): Fact => event.payload as Fact;

/**
 * Token transfers into a plain MergeTree (no ReplacingMergeTree: only the deduplication tokens keep
 * a redone batch out), and per-asset sums kept by a materialized view doing sum() into an
 * AggregatingMergeTree, which would double-count if a redone batch got through.
 */
export const transferTotalsProjection: Projection = {
  name: 'transfer_totals_test',
  version: 1,
  eventTypes: ['TokenTransferred'],
  tables: [
    {
      name: 'transfers_test',
      kind: 'table',
      create: `CREATE TABLE {{transfers_test}} (
        id String, position UInt64, ledger UInt32, close_time DateTime('UTC'),
        asset String, kind LowCardinality(String), amount Int128
      ) ENGINE = MergeTree ORDER BY (asset, id)`,
    },
    {
      name: 'transfer_sums_test',
      kind: 'view',
      create: `CREATE TABLE {{transfer_sums_test}} (
        asset String, total AggregateFunction(sum, Int128), transfers AggregateFunction(count)
      ) ENGINE = AggregatingMergeTree ORDER BY asset`,
      readerQuery: `SELECT asset, sumMerge(total) AS total, countMerge(transfers) AS transfers
        FROM {{transfer_sums_test}} GROUP BY asset`,
    },
    {
      name: 'transfer_sums_mv_test',
      kind: 'view',
      internal: true,
      create: `CREATE MATERIALIZED VIEW {{transfer_sums_mv_test}} TO {{transfer_sums_test}} AS
        SELECT asset, sumState(amount) AS total, countState() AS transfers
        FROM {{transfers_test}} GROUP BY asset`,
    },
  ],
  rowsFor(event) {
    const fact = factOf(event);
    const d = fact.data as { asset: string | null; contractId: string | null; kind: string; amount: string };
    return [
      {
        table: 'transfers_test',
        rows: [
          {
            id: fact.id,
            // A bigint on purpose: the runner writes it as a decimal string.
            position: event.position,
            ledger: fact.ledger,
            close_time: fact.closeTime,
            asset: d.asset ?? d.contractId ?? '',
            kind: d.kind,
            amount: d.amount,
          },
        ],
      },
    ];
  },
};

/** Two tables from two event types, so a batch can be cut between its tables. */
export const ledgerStatsProjection: Projection = {
  name: 'ledger_stats_test',
  version: 1,
  eventTypes: ['LedgerClosed', 'TransactionApplied'],
  tables: [
    {
      name: 'ledgers_test',
      kind: 'table',
      create: `CREATE TABLE {{ledgers_test}} (
        sequence UInt32, position UInt64, hash String, transactions UInt32, fee_charged Int128
      ) ENGINE = ReplacingMergeTree(position) ORDER BY sequence`,
    },
    {
      name: 'transactions_test',
      kind: 'table',
      create: `CREATE TABLE {{transactions_test}} (id String, ledger UInt32, successful Bool)
        ENGINE = MergeTree ORDER BY id`,
    },
  ],
  rowsFor(event) {
    const fact = factOf(event);
    if (event.type === 'LedgerClosed') {
      const d = fact.data as { sequence: number; hash: string; transactionCount: number; feeCharged: string };
      return [
        {
          table: 'ledgers_test',
          rows: [
            {
              sequence: d.sequence,
              position: event.position.toString(),
              hash: d.hash,
              transactions: d.transactionCount,
              fee_charged: d.feeCharged,
            },
          ],
        },
      ];
    }
    const d = fact.data as { successful?: boolean };
    return [
      {
        table: 'transactions_test',
        rows: [{ id: fact.id, ledger: fact.ledger, successful: d.successful === true }],
      },
    ];
  },
};

export const TEST_PROJECTIONS: readonly Projection[] = [transferTotalsProjection, ledgerStatsProjection];
