/**
 * Runs in a child process (`node --import tsx`) against a SQLite store file:
 *   read PATH            prints the checkpoint and every event as one JSON line, then exits
 *   ingest PATH FROM     commits ledgers FROM, FROM+1… forever, printing `committed N` after each
 */
import { createSqliteEventStore } from '../../../event-store/sqlite/create-sqlite-event-store.ts';

const [mode, path, from] = process.argv.slice(2);
if (path === undefined) throw new TypeError('usage: sqlite-child.ts read|ingest PATH [FROM]');
const store = createSqliteEventStore({ path });

if (mode === 'read') {
  const ids: string[] = [];
  for await (const event of store.readAll()) ids.push(`${event.position}:${event.stream}:${event.id}`);
  process.stdout.write(
    `${JSON.stringify({ checkpoint: await store.readCheckpoint('ingest:testnet'), ids })}\n`,
  );
  await store.close();
} else if (mode === 'ingest') {
  let ledger = Number(from);
  let expected = await store.readCheckpoint('ingest:testnet');
  for (;;) {
    const checkpoint = { ledger, hash: `hash-of-${ledger}` };
    const events = Array.from({ length: 200 }, (_, i) => ({
      type: 'OperationApplied',
      id: `${ledger}-${i}`,
      ledger,
      payload: { ledger, i, filler: 'y'.repeat(300) },
    }));
    await store.commitLedger({ checkpointName: 'ingest:testnet', expected, checkpoint, events });
    process.stdout.write(`committed ${ledger}\n`);
    expected = checkpoint;
    ledger += 1;
  }
}
