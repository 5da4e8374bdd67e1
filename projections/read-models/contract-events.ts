import type { StoredEvent } from '../../contracts/event-store.ts';
import type { Projection, ProjectionRows } from '../../contracts/projection.ts';
import { factOf, unixSeconds } from './event-facts.ts';
import { scValText } from './scval-text.ts';
import { MERGE_TREE_SETTINGS } from './table-sql.ts';

const NAME = 'contract_events';

/**
 * Contract and system events. Keyed by contract, then the first topic (the event name for most
 * contracts), then the event id, so "events named X of contract Y" reads one range. Topics as text
 * (see scval-text.ts) for filtering; the lossless topics and data as JSON.
 */
const CREATE = `CREATE TABLE IF NOT EXISTS {{contract_events}} (
  contract_id String,
  topic0 String,
  id String,
  ledger UInt32,
  close_time DateTime('UTC'),
  tx_hash String,
  event_type LowCardinality(String),
  op_index Nullable(UInt16),
  event_index UInt32,
  stage LowCardinality(Nullable(String)),
  in_successful_call Bool,
  topic_count UInt8,
  topic1 Nullable(String),
  topic2 Nullable(String),
  topic3 Nullable(String),
  topics String,
  data String,
  version UInt64,
  INDEX idx_topic1 topic1 TYPE bloom_filter GRANULARITY 4,
  INDEX idx_topic2 topic2 TYPE bloom_filter GRANULARITY 4
) ENGINE = ReplacingMergeTree(version)
ORDER BY (contract_id, topic0, id)
${MERGE_TREE_SETTINGS}`;

const READER = 'SELECT * FROM {{contract_events}} FINAL';

function rowsFor(event: StoredEvent): readonly ProjectionRows[] {
  const emitted = factOf(NAME, event, 'ContractEventEmitted');
  if (emitted === null) return [];
  const d = emitted.data;
  const topics = d.topics;
  const t0 = topics[0];
  const t1 = topics[1];
  const t2 = topics[2];
  const t3 = topics[3];
  return [
    {
      table: NAME,
      rows: [
        {
          contract_id: d.contractId ?? '',
          topic0: t0 === undefined ? '' : scValText(t0),
          id: emitted.id,
          ledger: emitted.ledger,
          close_time: unixSeconds(emitted.closeTime),
          version: event.position.toString(),
          tx_hash: emitted.txHash ?? '',
          event_type: d.eventType,
          op_index: d.operationIndex,
          event_index: d.index,
          stage: d.stage,
          in_successful_call: d.inSuccessfulContractCall,
          topic_count: topics.length,
          topic1: t1 === undefined ? null : scValText(t1),
          topic2: t2 === undefined ? null : scValText(t2),
          topic3: t3 === undefined ? null : scValText(t3),
          topics: JSON.stringify(topics),
          data: JSON.stringify(d.data),
        },
      ],
    },
  ];
}

/** `contract_events`: contract, event type, topic0…topic3 as text, topics and data as JSON. */
export const contractEventsProjection: Projection = {
  name: NAME,
  version: 1,
  eventTypes: ['ContractEventEmitted'],
  tables: [{ name: NAME, kind: 'table', create: CREATE, readerQuery: READER }],
  rowsFor,
};
