/**
 * Projection throughput: the stored events of the fixtures, repeated with shifted ledger sequences
 * until there are at least BENCH_EVENTS (default 1,000,000) distinct events, replayed from a SQLite
 * store into every read model in embedded chDB, against a raw chDB insert of the same rows in the
 * same run.
 *
 *   npm run bench:project            (BENCH_EVENTS, BENCH_BATCH = events per batch, default 50000)
 *
 * 1. raw insert: the rows of each batch are computed and serialized first (not timed), as the runner
 *    sends them (TabSeparated blocks, rows of combining tables folded per batch), then only the
 *    INSERTs into fresh tables of the same schema are timed, one after the other: the floor for
 *    getting these rows into chDB through @clickhouse/client;
 * 2. runner: `project --once` as the CLI runs it: read the store, fold events into rows, intents,
 *    inserts with deduplication tokens, checkpoints, swap in.
 * Prints events/s and rows/s of both, the ratio, and the CPU time of reading + folding for context.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LedgerCommit, StoredEvent } from '../contracts/event-store.ts';
import { createSqliteEventStore } from '../event-store/sqlite/create-sqlite-event-store.ts';
import { networkId } from '../ingest/decode/transaction-hash.ts';
import { decodeRawLedger } from '../ingest/decode-raw-ledger.ts';
import { type LedgerEvents, toLedgerEvents } from '../ingest/ledger-events.ts';
import { openLocalLedgerSource } from '../ingest/sources/open-local-source.ts';
import { createClickHouseConnector } from '../projections/clickhouse/connector.ts';
import { ALL_PROJECTIONS } from '../projections/read-models/index.ts';
import { encodeBatch } from '../projections/runner/encode-rows.ts';
import {
  createGenerationObjects,
  dropObjects,
  generationObjects,
} from '../projections/runner/generation-schema.ts';
import { createProjectionRunner } from '../projections/runner/projection-runner.ts';
import { loadTableEncoders } from '../projections/runner/table-columns.ts';
import { createWorker, type Worker } from '../projections/runner/worker.ts';
import { shiftLedgers } from './replicate-ledgers.ts';

const fixtures =
  process.env.STELLAR_FIXTURES_DIR ?? path.resolve(import.meta.dirname, '../../shared/fixtures');
const SOURCE = path.join(fixtures, 'ledger-close-meta/pubnet/p26-63092982-63093001');
const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 50_000);
const BASELINE_GENERATION = 900;

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const perSecond = (n: number, ms: number): string => `${Math.round(n / (ms / 1000)).toLocaleString('en')}/s`;

async function decodeFixtures(): Promise<LedgerEvents[]> {
  const settings = {
    networkLabel: 'pubnet',
    networkId: networkId('Public Global Stellar Network ; September 2015'),
    skipNetworkCheck: false,
  };
  const source = await openLocalLedgerSource(SOURCE);
  const out: LedgerEvents[] = [];
  try {
    for await (const raw of source.read({})) out.push(toLedgerEvents(decodeRawLedger(raw, settings)));
  } finally {
    await source.close();
  }
  return out;
}

/** Writes shifted copies of the fixture ledgers until the store holds TARGET_EVENTS or more. */
async function buildStore(file: string, base: readonly LedgerEvents[]): Promise<number> {
  const store = createSqliteEventStore({ path: file });
  const perCopy = base.reduce((n, l) => n + l.events.length, 0);
  const copies = Math.ceil(TARGET_EVENTS / perCopy);
  let expected: { ledger: number; hash: string } | null = null;
  try {
    for (let copy = 0; copy < copies; copy++) {
      const ledgers = shiftLedgers(base, copy * base.length, copy);
      for (let i = 0; i < ledgers.length; i += 5) {
        const commits: LedgerCommit[] = [];
        for (const l of ledgers.slice(i, i + 5)) {
          const checkpoint = { ledger: l.sequence, hash: l.hash };
          commits.push({ checkpointName: 'ingest:pubnet', expected, checkpoint, events: l.events });
          expected = checkpoint;
        }
        await store.commitLedgers(commits);
      }
    }
  } finally {
    await store.close();
  }
  return copies * perCopy;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-project-'));
const storeFile = path.join(dir, 'events.db');
try {
  let t0 = performance.now();
  const base = await decodeFixtures();
  const events = await buildStore(storeFile, base);
  console.log(
    `store: ${events.toLocaleString('en')} distinct events (${base.length} fixture ledgers × ${Math.ceil(events / base.reduce((n, l) => n + l.events.length, 0))}), built in ${seconds(performance.now() - t0)}`,
  );

  const connector = createClickHouseConnector();
  const ch = await connector.open(`chdb:${path.join(dir, 'clickhouse')}`);
  const store = createSqliteEventStore({ path: storeFile });

  // 1. Raw insert of the same rows, batch by batch; only the INSERTs are timed.
  const workers: Worker[] = [];
  for (const p of ALL_PROJECTIONS) {
    await createGenerationObjects(ch, p, BASELINE_GENERATION);
    const record = {
      projection: p.name,
      generation: BASELINE_GENERATION,
      version: p.version,
      status: 'building' as const,
      objects: generationObjects(p, BASELINE_GENERATION),
      views: [],
    };
    const worker = createWorker(p, record, null);
    await loadTableEncoders(ch, worker);
    workers.push(worker);
  }
  let readFold = 0;
  let insert = 0;
  let rows = 0;
  let batch: StoredEvent[] = [];
  let batchNo = 0;
  const flush = async (): Promise<void> => {
    const f0 = performance.now();
    const encoded = workers.map((w) => encodeBatch(w, batch));
    readFold += performance.now() - f0;
    const i0 = performance.now();
    for (const [wi, e] of encoded.entries()) {
      for (const t of e.tables) {
        await ch.insertText(t.physical, t.body, {
          format: t.format,
          columns: t.columns,
          token: `raw:${batchNo}:${wi}:${t.table}:${t.part}`,
        });
      }
      rows += e.rows;
    }
    insert += performance.now() - i0;
    batch = [];
    batchNo += 1;
  };
  const cpuRaw = process.cpuUsage();
  let r0 = performance.now();
  for await (const e of store.readAll({})) {
    batch.push(e);
    if (batch.length >= BATCH) {
      readFold += performance.now() - r0;
      await flush();
      r0 = performance.now();
    }
  }
  readFold += performance.now() - r0;
  if (batch.length > 0) await flush();
  const rawCpu = process.cpuUsage(cpuRaw);
  for (const p of ALL_PROJECTIONS) await dropObjects(ch, generationObjects(p, BASELINE_GENERATION));

  // 2. The runner, as `stellar-indexer project --once` runs it.
  const cpuRunner = process.cpuUsage();
  t0 = performance.now();
  const summary = await createProjectionRunner({
    store,
    ch,
    projections: ALL_PROJECTIONS,
    maxBatchEvents: BATCH,
  }).run();
  const runner = performance.now() - t0;
  const runnerCpu = process.cpuUsage(cpuRunner);
  const cpu = (u: NodeJS.CpuUsage): string => seconds((u.user + u.system) / 1000);
  const runnerRows = Object.values(summary.projections).reduce((n, s) => n + s.written, 0);
  await store.close();
  await connector.close();

  console.log(
    [
      `read models: ${ALL_PROJECTIONS.length} (${ALL_PROJECTIONS.map((p) => p.name).join(', ')}), ${rows.toLocaleString('en')} rows (${(rows / events).toFixed(2)} per event), batches of ${BATCH.toLocaleString('en')} events`,
      `  raw chDB insert of the rows : ${seconds(insert)}  ${perSecond(rows, insert)} rows, ${perSecond(events, insert)} events`,
      `  (read store + fold to rows  : ${seconds(readFold)} of JS, not part of the raw insert)`,
      `  projection runner           : ${seconds(runner)}  ${perSecond(events, runner)} events, ${perSecond(runnerRows, runner)} rows`,
      `  ratio runner / raw insert   : ${(runner / insert).toFixed(2)}x  (target <= 1.5x; target >= 150,000 events/s)`,
      `  process CPU: raw pass (read + fold + insert) ${cpu(rawCpu)}, runner ${cpu(runnerCpu)}; ${os.availableParallelism()} cores, load ${os.loadavg()[0]?.toFixed(1)}`,
    ].join('\n'),
  );
  if (runnerRows < rows) {
    console.log(`  WARNING: the runner wrote ${runnerRows} rows, fewer than the raw insert's ${rows}`);
  } else if (runnerRows > rows) {
    console.log(
      `  (the runner wrote ${runnerRows - rows} rows more: some of its batches ended on the time bound, and the folded tables get one row per key and batch)`,
    );
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
