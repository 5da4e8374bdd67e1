import type { StoredEvent } from '../../contracts/event-store.ts';
import type { Memo } from '../../contracts/events/transaction-applied.ts';
import type { Projection, ProjectionRows } from '../../contracts/projection.ts';
import { integerString, optionalIntegerString } from './amounts.ts';
import { factOf, unixSeconds } from './event-facts.ts';
import { MERGE_TREE_SETTINGS } from './table-sql.ts';

const NAME = 'transactions';

const CREATE = `CREATE TABLE IF NOT EXISTS {{transactions}} (
  id UInt64,
  ledger UInt32,
  close_time DateTime('UTC'),
  hash String,
  application_order UInt32,
  source_account String,
  sequence Int64,
  fee_account Nullable(String),
  fee_bump_max_fee Nullable(Int64),
  inner_hash Nullable(String),
  max_fee Int64,
  fee_charged Int64,
  successful Bool,
  result_code LowCardinality(String),
  inner_result_code LowCardinality(Nullable(String)),
  memo_type LowCardinality(String),
  memo Nullable(String),
  operation_count UInt16,
  soroban_resource_fee Nullable(Int64),
  envelope_type LowCardinality(String),
  version UInt64,
  INDEX idx_hash hash TYPE bloom_filter GRANULARITY 4,
  INDEX idx_source source_account TYPE bloom_filter GRANULARITY 4
) ENGINE = ReplacingMergeTree(version)
ORDER BY id
${MERGE_TREE_SETTINGS}`;

const READER = 'SELECT * FROM {{transactions}} FINAL';

const memoText = (memo: Memo): string | null => (memo.type === 'none' ? null : memo.value);

function rowsFor(event: StoredEvent): readonly ProjectionRows[] {
  const tx = factOf(NAME, event, 'TransactionApplied');
  if (tx === null) return [];
  const d = tx.data;
  const feeBump = d.feeBump;
  return [
    {
      table: NAME,
      rows: [
        {
          id: tx.id,
          ledger: tx.ledger,
          close_time: unixSeconds(tx.closeTime),
          version: event.position.toString(),
          hash: d.hash,
          application_order: d.applicationOrder,
          source_account: d.sourceAccount,
          sequence: integerString(NAME, event, 'data.sequence', d.sequence),
          fee_account: feeBump?.feeSource ?? null,
          fee_bump_max_fee:
            feeBump === null
              ? null
              : optionalIntegerString(NAME, event, 'data.feeBump.maxFee', feeBump.maxFee),
          inner_hash: feeBump?.innerHash ?? null,
          max_fee: integerString(NAME, event, 'data.maxFee', d.maxFee),
          fee_charged: integerString(NAME, event, 'data.feeCharged', d.feeCharged),
          successful: d.successful,
          result_code: d.resultCode,
          inner_result_code: d.innerResultCode,
          memo_type: d.memo.type,
          memo: memoText(d.memo),
          operation_count: d.operationCount,
          soroban_resource_fee: optionalIntegerString(
            NAME,
            event,
            'data.sorobanResourceFee',
            d.sorobanResourceFee,
          ),
          envelope_type: d.envelopeType,
        },
      ],
    },
  ];
}

/** `transactions`: one row per applied transaction, failed ones included. */
export const transactionsProjection: Projection = {
  name: NAME,
  version: 1,
  eventTypes: ['TransactionApplied'],
  tables: [{ name: NAME, kind: 'table', create: CREATE, readerQuery: READER }],
  rowsFor,
};
