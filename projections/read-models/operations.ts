import type { StoredEvent } from '../../contracts/event-store.ts';
import type { Projection, ProjectionRows } from '../../contracts/projection.ts';
import { factOf, unixSeconds } from './event-facts.ts';
import { MERGE_TREE_SETTINGS } from './table-sql.ts';

const NAME = 'operations';
const OP_INDEX_BITS = 12n;

const CREATE = `CREATE TABLE IF NOT EXISTS {{operations}} (
  id UInt64,
  transaction_id UInt64,
  ledger UInt32,
  close_time DateTime('UTC'),
  tx_hash String,
  op_index UInt16,
  type LowCardinality(String),
  source_account String,
  details String,
  transaction_successful Bool,
  result_code LowCardinality(Nullable(String)),
  version UInt64,
  INDEX idx_source source_account TYPE bloom_filter GRANULARITY 4,
  INDEX idx_type type TYPE set(64) GRANULARITY 4
) ENGINE = ReplacingMergeTree(version)
ORDER BY id
${MERGE_TREE_SETTINGS}`;

const READER = 'SELECT * FROM {{operations}} FINAL';

/** The transaction TOID of an operation TOID: the operation bits cleared. */
export const transactionIdOf = (operationId: string): string =>
  ((BigInt(operationId) >> OP_INDEX_BITS) << OP_INDEX_BITS).toString();

function rowsFor(event: StoredEvent): readonly ProjectionRows[] {
  const op = factOf(NAME, event, 'OperationApplied');
  if (op === null) return [];
  const d = op.data;
  return [
    {
      table: NAME,
      rows: [
        {
          id: op.id,
          transaction_id: transactionIdOf(op.id),
          ledger: op.ledger,
          close_time: unixSeconds(op.closeTime),
          version: event.position.toString(),
          tx_hash: op.txHash ?? '',
          op_index: d.index,
          type: d.operationType,
          source_account: d.sourceAccount,
          details: JSON.stringify(d.body),
          transaction_successful: d.transactionSuccessful,
          result_code: d.resultCode,
        },
      ],
    },
  ];
}

/** `operations`: every operation with its typed body as JSON (`details`) and its result code. */
export const operationsProjection: Projection = {
  name: NAME,
  version: 1,
  eventTypes: ['OperationApplied'],
  tables: [{ name: NAME, kind: 'table', create: CREATE, readerQuery: READER }],
  rowsFor,
};
