import type { EventStore } from '../../contracts/event-store.ts';
import { openEventStore } from '../../event-store/open-event-store.ts';

export interface StoreSnapshot {
  readonly events: { type: string; id: string; payload: unknown }[];
  readonly checkpoint: { ledger: number; hash: string } | null;
}

/** Everything a store holds, in order, for comparing two runs. */
export async function snapshotStore(uri: string, checkpointName = 'ingest:pubnet'): Promise<StoreSnapshot> {
  const store: EventStore = await openEventStore(uri);
  try {
    const events: StoreSnapshot['events'] = [];
    for await (const e of store.readAll({})) events.push({ type: e.type, id: e.id, payload: e.payload });
    return { events, checkpoint: await store.readCheckpoint(checkpointName) };
  } finally {
    await store.close();
  }
}
