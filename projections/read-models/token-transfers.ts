import type { StoredEvent } from '../../contracts/event-store.ts';
import type { Projection, ProjectionRows } from '../../contracts/projection.ts';
import { integerString } from './amounts.ts';
import { factOf, unixSeconds, withoutLeadingZeros } from './event-facts.ts';
import { MERGE_TREE_SETTINGS } from './table-sql.ts';

const NAME = 'token_transfers';

/**
 * Every transfer, mint, burn, clawback and fee (CAP-67 and SEP-41 shapes). `token` is the asset
 * string for Stellar assets and the contract id for custom tokens, so per-token queries read one
 * key range; the event id (RPC form, zero-padded) orders by chain position within it.
 */
const CREATE = `CREATE TABLE IF NOT EXISTS {{token_transfers}} (
  token LowCardinality(String),
  id String,
  op_id UInt64,
  ledger UInt32,
  close_time DateTime('UTC'),
  tx_hash String,
  kind LowCardinality(String),
  shape LowCardinality(String),
  from Nullable(String),
  to Nullable(String),
  asset LowCardinality(Nullable(String)),
  contract_id String,
  amount Int128,
  to_muxed_id Nullable(String),
  op_index Nullable(UInt16),
  version UInt64,
  INDEX idx_from from TYPE bloom_filter GRANULARITY 4,
  INDEX idx_to to TYPE bloom_filter GRANULARITY 4
) ENGINE = ReplacingMergeTree(version)
ORDER BY (token, id)
${MERGE_TREE_SETTINGS}`;

const READER = 'SELECT * FROM {{token_transfers}} FINAL';

function rowsFor(event: StoredEvent): readonly ProjectionRows[] {
  const transfer = factOf(NAME, event, 'TokenTransferred');
  if (transfer === null) return [];
  const d = transfer.data;
  return [
    {
      table: NAME,
      rows: [
        {
          token: d.asset ?? d.contractId ?? '',
          id: transfer.id,
          op_id: withoutLeadingZeros(transfer.id.slice(0, transfer.id.indexOf('-'))),
          ledger: transfer.ledger,
          close_time: unixSeconds(transfer.closeTime),
          version: event.position.toString(),
          tx_hash: transfer.txHash ?? '',
          kind: d.kind,
          shape: d.shape,
          from: d.from,
          to: d.to,
          asset: d.asset,
          contract_id: d.contractId ?? '',
          amount: integerString(NAME, event, 'data.amount', d.amount),
          to_muxed_id: d.toMuxedId,
          op_index: d.operationIndex,
        },
      ],
    },
  ];
}

/** `token_transfers`: transfers, mints, burns, clawbacks and fees, with asset or token contract. */
export const tokenTransfersProjection: Projection = {
  name: NAME,
  version: 1,
  eventTypes: ['TokenTransferred'],
  tables: [{ name: NAME, kind: 'table', create: CREATE, readerQuery: READER }],
  rowsFor,
};
