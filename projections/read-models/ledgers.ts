import type { StoredEvent } from '../../contracts/event-store.ts';
import type { Projection, ProjectionRows } from '../../contracts/projection.ts';
import { type CombinableTable, maxValue, type RowCombiner, sumValue } from '../runner/row-combiner.ts';
import { integerString } from './amounts.ts';
import { factOf, unixSeconds } from './event-facts.ts';
import { MERGE_TREE_SETTINGS } from './table-sql.ts';

const NAME = 'ledgers';

/**
 * One row per ledger. The header comes from LedgerClosed; the contract-event counts from one
 * increment per ContractEventEmitted, folded by the AggregatingMergeTree (header columns take `max`,
 * which any real value beats the defaults with; counts take `sum`).
 */
const CREATE = `CREATE TABLE IF NOT EXISTS {{ledgers}} (
  sequence UInt32,
  hash SimpleAggregateFunction(max, String),
  previous_hash SimpleAggregateFunction(max, String),
  close_time SimpleAggregateFunction(max, DateTime('UTC')),
  protocol_version SimpleAggregateFunction(max, UInt32),
  base_fee SimpleAggregateFunction(max, UInt32),
  base_reserve SimpleAggregateFunction(max, UInt32),
  transaction_count SimpleAggregateFunction(max, UInt32),
  successful_transaction_count SimpleAggregateFunction(max, UInt32),
  failed_transaction_count SimpleAggregateFunction(max, UInt32),
  operation_count SimpleAggregateFunction(max, UInt32),
  successful_operation_count SimpleAggregateFunction(max, UInt32),
  fee_charged SimpleAggregateFunction(max, Int64),
  meta_version SimpleAggregateFunction(max, UInt8),
  contract_events SimpleAggregateFunction(sum, UInt64),
  operation_contract_events SimpleAggregateFunction(sum, UInt64),
  version SimpleAggregateFunction(max, UInt64)
) ENGINE = AggregatingMergeTree
ORDER BY sequence
${MERGE_TREE_SETTINGS}`;

const READER = `SELECT * FROM {{ledgers}} FINAL WHERE hash != ''`;

function rowsFor(event: StoredEvent): readonly ProjectionRows[] {
  const ledger = factOf(NAME, event, 'LedgerClosed');
  if (ledger !== null) {
    const d = ledger.data;
    return [
      {
        table: NAME,
        rows: [
          {
            sequence: d.sequence,
            hash: d.hash,
            previous_hash: d.previousHash,
            close_time: unixSeconds(ledger.closeTime),
            protocol_version: d.protocolVersion,
            base_fee: d.baseFee,
            base_reserve: d.baseReserve,
            transaction_count: d.transactionCount,
            successful_transaction_count: d.successfulTransactionCount,
            failed_transaction_count: d.failedTransactionCount,
            operation_count: d.operationCount,
            successful_operation_count: d.successfulOperationCount,
            fee_charged: integerString(NAME, event, 'data.feeCharged', d.feeCharged),
            meta_version: d.metaVersion,
            contract_events: 0,
            operation_contract_events: 0,
            version: event.position.toString(),
          },
        ],
      },
    ];
  }
  const contractEvent = factOf(NAME, event, 'ContractEventEmitted');
  if (contractEvent !== null) {
    return [
      {
        table: NAME,
        rows: [
          {
            sequence: contractEvent.ledger,
            contract_events: 1,
            operation_contract_events: contractEvent.data.operationIndex === null ? 0 : 1,
            version: event.position.toString(),
          },
        ],
      },
    ];
  }
  return [];
}

/** Columns folded by `sum`; every other column but the key is folded by `max`. */
const SUMMED = new Set(['contract_events', 'operation_contract_events']);

/**
 * The runner folds a batch's rows of one ledger (its LedgerClosed row and one increment per contract
 * event) into one, as the table's merges would: counts summed, every other column the largest value
 * (a column a row leaves out is its default, 0 or '', which any value beats).
 */
const LEDGER_COMBINER: RowCombiner = {
  key: (row) => String(row.sequence),
  fold(into, row) {
    for (const column of Object.keys(row)) {
      if (column === 'sequence') continue;
      into[column] = SUMMED.has(column)
        ? sumValue(into[column], row[column])
        : maxValue(into[column], row[column]);
    }
  },
};

const TABLE: CombinableTable = {
  name: NAME,
  kind: 'table',
  create: CREATE,
  readerQuery: READER,
  combine: LEDGER_COMBINER,
};

/** `ledgers`: per ledger close time, protocol, transaction and operation counts, fees, contract events. */
export const ledgersProjection: Projection = {
  name: NAME,
  version: 1,
  eventTypes: ['LedgerClosed', 'ContractEventEmitted'],
  tables: [TABLE],
  rowsFor,
};
