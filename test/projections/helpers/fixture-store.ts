import type { EventStore, LedgerCommit } from '../../../contracts/event-store.ts';
import { createSqliteEventStore } from '../../../event-store/sqlite/create-sqlite-event-store.ts';
import { type LedgerEvents, toLedgerEvents } from '../../../ingest/ledger-events.ts';
import { decodeFixture } from '../../helpers/decode-fixture.ts';
import { PUBNET_P26_DIR } from '../../helpers/fixtures.ts';

/** The 20 real pubnet ledgers of the P26 fixture folder, decoded to store events. */
export async function fixtureLedgers(): Promise<LedgerEvents[]> {
  return (await decodeFixture(PUBNET_P26_DIR())).map(toLedgerEvents);
}

/** Appends ledgers to a store as ingest does: events and checkpoint together, a few ledgers per commit. */
export async function appendLedgers(store: EventStore, ledgers: readonly LedgerEvents[]): Promise<void> {
  let expected = await store.readCheckpoint('ingest:pubnet');
  for (let i = 0; i < ledgers.length; i += 4) {
    const commits: LedgerCommit[] = [];
    for (const ledger of ledgers.slice(i, i + 4)) {
      const checkpoint = { ledger: ledger.sequence, hash: ledger.hash };
      commits.push({ checkpointName: 'ingest:pubnet', expected, checkpoint, events: ledger.events });
      expected = checkpoint;
    }
    await store.commitLedgers(commits);
  }
}

/** A SQLite store file holding the given ledgers. */
export async function writeFixtureStore(path: string, ledgers: readonly LedgerEvents[]): Promise<void> {
  const store = createSqliteEventStore({ path });
  try {
    await appendLedgers(store, ledgers);
  } finally {
    await store.close();
  }
}
