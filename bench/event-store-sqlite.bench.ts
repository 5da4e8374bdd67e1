/**
 * SQLite event store throughput on real events, against bare better-sqlite3 in the same run.
 *
 *   npm run bench:store          (BENCH_RUNS=5 by default; medians are printed)
 *
 * The 20 pubnet fixture ledgers are decoded once (decodeRawLedger + toLedgerEvents). Then:
 * 1. Writes, each run into fresh files:
 *    - commitLedgers of those events, 8 ledgers per call as the ingest job batches them: as the
 *      decode workers hand them over (types, ids and payload JSON texts structured-cloned across the
 *      thread boundary, events with `payloadJson`, see ingest/decode-pool), and as decoded on the main
 *      thread (payload objects: the store runs JSON.stringify);
 *    - bare: the same rows (payload JSON already a string) inserted by a plain better-sqlite3 loop
 *      into a table with no secondary index, with the store's pragmas, in the same transactions; and,
 *      for reference, into the one-row-per-event layout of schema 1 (two unique indexes, 16 KiB pages),
 *      which is about what the store did before ledger segments.
 * 2. Reads, after the decoded ledgers are dropped (so that the bench's own heap does not slow the
 *    garbage collector), each run from a freshly opened store, as a projection runner reads:
 *    - readAll of everything, and readAll with a type filter (positions scanned per second, and the
 *      number of matches);
 *    - bare: `SELECT * ORDER BY position` of the plain table with JSON.parse of every payload.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { LedgerCommit, NewEvent } from '../contracts/event-store.ts';
import { createSqliteEventStore } from '../event-store/sqlite/create-sqlite-event-store.ts';
import { configureConnection } from '../event-store/sqlite/open-database.ts';
import { networkId } from '../ingest/decode/transaction-hash.ts';
import { decodeRawLedger } from '../ingest/decode-raw-ledger.ts';
import { type LedgerEvents, toLedgerEvents } from '../ingest/ledger-events.ts';
import { openLocalLedgerSource } from '../ingest/sources/open-local-source.ts';

const fixtures =
  process.env.STELLAR_FIXTURES_DIR ?? path.resolve(import.meta.dirname, '../../shared/fixtures');
const SOURCE = path.join(fixtures, 'ledger-close-meta/pubnet/p26-63092982-63093001');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LEDGERS_PER_COMMIT = 8;
const FILTERS: readonly (readonly string[])[] = [['TradeExecuted'], ['OperationApplied', 'TradeExecuted']];

interface Input {
  readonly total: number;
  readonly bytes: number;
  /** Commits of events as the decode workers deliver them (with `payloadJson`), and as decoded. */
  readonly json: readonly LedgerCommit[][];
  readonly plain: readonly LedgerCommit[][];
}

async function decodeFixtures(): Promise<LedgerEvents[]> {
  const source = await openLocalLedgerSource(SOURCE);
  const settings = {
    networkLabel: 'pubnet',
    networkId: networkId('Public Global Stellar Network ; September 2015'),
    skipNetworkCheck: false,
  };
  const out: LedgerEvents[] = [];
  for await (const raw of source.read({})) out.push(toLedgerEvents(decodeRawLedger(raw, settings)));
  await source.close();
  return out;
}

/** Groups the ledgers into commitLedgers calls, each ledger's checkpoint expecting the one before. */
function batches(ledgers: readonly LedgerEvents[], events: (ledger: LedgerEvents) => NewEvent[]) {
  const out: LedgerCommit[][] = [];
  let expected: LedgerCommit['expected'] = null;
  for (let i = 0; i < ledgers.length; i += LEDGERS_PER_COMMIT) {
    const batch: LedgerCommit[] = [];
    for (const ledger of ledgers.slice(i, i + LEDGERS_PER_COMMIT)) {
      const checkpoint = { ledger: ledger.sequence, hash: ledger.hash };
      batch.push({ checkpointName: 'ingest:pubnet', expected, checkpoint, events: events(ledger) });
      expected = checkpoint;
    }
    out.push(batch);
  }
  return out;
}

/** A ledger's events as the decode pool delivers them: strings cloned from a worker's message. */
function fromWorker(ledger: LedgerEvents): NewEvent[] {
  const message = structuredClone({
    types: ledger.events.map((e) => e.type),
    ids: ledger.events.map((e) => e.id),
    payloads: ledger.events.map((e) => JSON.stringify(e.payload)),
  });
  return message.payloads.map((payloadJson, i) => ({
    type: message.types[i] as string,
    id: message.ids[i] as string,
    ledger: ledger.sequence,
    payloadJson,
    get payload(): unknown {
      return JSON.parse(payloadJson);
    },
  }));
}

async function loadInput(): Promise<Input> {
  const ledgers = await decodeFixtures();
  const json = batches(ledgers, fromWorker);
  const plain = batches(ledgers, (l) => [...l.events]);
  const events = json.flat().flatMap((c) => c.events);
  return {
    total: events.length,
    bytes: events.reduce((n, e) => n + (e.payloadJson?.length ?? 0), 0),
    json,
    plain,
  };
}

async function commitAll(file: string, commits: readonly LedgerCommit[][]): Promise<number> {
  const store = createSqliteEventStore({ path: file });
  const t0 = performance.now();
  for (const batch of commits) await store.commitLedgers(batch);
  const ms = performance.now() - t0;
  await store.close();
  return ms;
}

/**
 * The rows one by one into `plain`: no secondary index and the store's pragmas, or (`schema1`) with
 * the two unique indexes and 16 KiB pages of the one-row-per-event layout of schema 1.
 */
function bareInsert(file: string, commits: readonly LedgerCommit[][], schema1 = false): number {
  const db = new Database(file);
  if (schema1) {
    for (const pragma of [
      'page_size = 16384',
      'journal_mode = WAL',
      'synchronous = NORMAL',
      'cache_size = -65536',
    ]) {
      db.pragma(pragma);
    }
  } else {
    configureConnection(db);
  }
  const indexes = schema1 ? ', UNIQUE (stream, revision), UNIQUE (type, id)' : '';
  db.exec(
    `CREATE TABLE plain (position INTEGER PRIMARY KEY, stream TEXT NOT NULL, revision INTEGER NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, ledger INTEGER, payload TEXT NOT NULL${indexes})`,
  );
  const insert = db.prepare('INSERT INTO plain VALUES (?, ?, ?, ?, ?, ?, ?)');
  let position = 1;
  const write = db.transaction((batch: readonly LedgerCommit[]) => {
    for (const commit of batch) {
      const stream = `ledger-${commit.checkpoint.ledger}`;
      commit.events.forEach((e, revision) => {
        insert.run(position++, stream, revision, e.type, e.id, e.ledger ?? null, e.payloadJson as string);
      });
    }
  });
  const t0 = performance.now();
  for (const batch of commits) write.immediate(batch);
  const ms = performance.now() - t0;
  db.close();
  return ms;
}

function bareRead(file: string): { ms: number; n: number } {
  const db = new Database(file, { readonly: true });
  const t0 = performance.now();
  let n = 0;
  const rows = db.prepare('SELECT * FROM plain ORDER BY position').iterate() as Iterable<{ payload: string }>;
  for (const row of rows) if (JSON.parse(row.payload) !== null) n++;
  const ms = performance.now() - t0;
  db.close();
  return { ms, n };
}

async function readAllMs(file: string, types?: readonly string[]): Promise<{ ms: number; n: number }> {
  const store = createSqliteEventStore({ path: file });
  const t0 = performance.now();
  let n = 0;
  for await (const event of store.readAll(types === undefined ? {} : { types })) {
    if (event.payload !== null) n++;
  }
  const ms = performance.now() - t0;
  await store.close();
  return { ms, n };
}

const samples = new Map<string, number[]>();
const matches = new Map<string, number>();
const record = (key: string, ms: number): void => {
  samples.set(key, [...(samples.get(key) ?? []), ms]);
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-store-'));
const file = (name: string, run: number): string => path.join(dir, `${name}-${run}.db`);
let total = 0;
let bytes = 0;
try {
  {
    const input = await loadInput();
    ({ total, bytes } = input);
    for (let run = 0; run <= RUNS; run++) {
      const bareMs = bareInsert(file('bare', run), input.json);
      const schema1Ms = bareInsert(file('schema1', run), input.json, true);
      const jsonMs = await commitAll(file('json', run), input.json);
      const plainMs = await commitAll(file('stringify', run), input.plain);
      if (run < RUNS) for (const name of ['bare', 'schema1', 'json', 'stringify']) fs.rmSync(file(name, run));
      if (run === 0) continue; // warm-up
      record('bare insert', bareMs);
      record('bare insert, schema 1 indexes and pages', schema1Ms);
      record('commitLedgers (from decode workers)', jsonMs);
      record('commitLedgers (payload objects)', plainMs);
    }
  }
  for (let run = 0; run <= RUNS; run++) {
    const bare = bareRead(file('bare', RUNS));
    const all = await readAllMs(file('json', RUNS));
    if (all.n !== total || bare.n !== total) {
      throw new RangeError(`reads returned ${all.n} and ${bare.n} events, expected ${total}`);
    }
    const filtered: { ms: number; n: number }[] = [];
    for (const types of FILTERS) filtered.push(await readAllMs(file('json', RUNS), types));
    if (run === 0) continue; // warm-up
    record('bare read + JSON.parse', bare.ms);
    record('readAll', all.ms);
    FILTERS.forEach((types, i) => {
      const key = `readAll types=${types.join(',')}`;
      record(key, filtered[i]?.ms ?? 0);
      matches.set(key, filtered[i]?.n ?? 0);
    });
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

const median = (xs: readonly number[]): number =>
  [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0;
const rate = (ms: number): string => `${Math.round((total / ms) * 1000).toLocaleString('en-US')} events/s`;
const bareInsertMs = median(samples.get('bare insert') ?? []);
const bareReadMs = median(samples.get('bare read + JSON.parse') ?? []);
console.log(
  `${total} events (20 ledgers), ${(bytes / total).toFixed(0)} bytes of JSON per event; median of ${RUNS} runs (+1 warm-up)`,
);
for (const [key, xs] of samples) {
  const ms = median(xs);
  const ratio = key.startsWith('bare')
    ? ''
    : key.startsWith('commit')
      ? `  ${(bareInsertMs / ms).toFixed(2)}x bare insert`
      : `  ${(bareReadMs / ms).toFixed(2)}x bare read`;
  const found = matches.has(key) ? ` (positions scanned; ${matches.get(key)} matched)` : '';
  console.log(`  ${key.padEnd(44)} ${ms.toFixed(0).padStart(5)} ms  ${rate(ms)}${found}${ratio}`);
}
