/**
 * A data lake over local HTTP into SQLite, against the same lake read from its folder, in one run.
 *
 *   npm run bench:remote
 *
 * The 20 pubnet fixture ledgers are written as a Galexie / SEP-54 lake (zstd LedgerCloseMetaBatch
 * objects, one ledger each) into a temp folder, which a fastify server on 127.0.0.1 also serves
 * (in a child process, as a lake server is never the ingest process itself).
 * Each round ingests the whole lake into a fresh SQLite store twice, as the CLI does: once from the
 * folder, once over HTTP (default parallelism). Prints ledgers/s of both (median of BENCH_RUNS rounds
 * after one warm-up) and the ratio HTTP/folder of the times. Target: within 1.2x.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runIngestJob } from '../cli/ingest-job.ts';
import { loadReplayLedgers } from '../test/helpers/replay/fixture-ledgers.ts';
import { writeFixtureLake } from '../test/helpers/replay/lake-layout.ts';
import { startLakeReplayServer } from '../test/helpers/replay/lake-replay-server.ts';

// Child mode: serve the lake folder given in BENCH_SERVE_LAKE, print the URL, run until killed.
if (process.env.BENCH_SERVE_LAKE !== undefined) {
  const served = await startLakeReplayServer(process.env.BENCH_SERVE_LAKE);
  process.stdout.write(`${served.url}\n`);
  await new Promise(() => undefined);
}

/** Starts this file in child mode on `root`; resolves with the lake URL and a stop function. */
async function serveLakeInChild(root: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, [...process.execArgv, import.meta.filename], {
    env: { ...process.env, BENCH_SERVE_LAKE: root, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.on('exit', (code) => reject(new Error(`the lake server exited with code ${code}`)));
  });
  return { url, stop: () => child.kill() };
}

const fixtures =
  process.env.STELLAR_FIXTURES_DIR ?? path.resolve(import.meta.dirname, '../../shared/fixtures');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET = 1.2;
const silent = { info() {}, debug() {}, warn() {} };

const ledgers = await loadReplayLedgers(
  path.join(fixtures, 'ledger-close-meta/pubnet/p26-63092982-63093001'),
);
const first = ledgers[0]?.sequence as number;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-remote-'));
const lakeDir = path.join(work, 'lake');
fs.mkdirSync(lakeDir);
await writeFixtureLake(lakeDir, ledgers);
const server = await serveLakeInChild(lakeDir);

async function ingestSeconds(source: string, round: number, name: string): Promise<number> {
  const storeUri = `sqlite:${path.join(work, `${name}-${round}.db`)}`;
  const t0 = performance.now();
  const stats = await runIngestJob({ source, from: first, storeUri, network: 'pubnet', logger: silent });
  const seconds = (performance.now() - t0) / 1000;
  if (stats.ledgers !== ledgers.length) throw new Error(`${name}: ingested ${stats.ledgers} ledgers`);
  fs.rmSync(path.join(work, `${name}-${round}.db`), { force: true });
  return seconds;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const folder: number[] = [];
const http: number[] = [];
try {
  for (let round = 0; round <= RUNS; round++) {
    // Alternate the order so that neither side always runs on a warmer process.
    const pair =
      round % 2 === 0
        ? [await ingestSeconds(lakeDir, round, 'folder'), await ingestSeconds(server.url, round, 'http')]
        : [
            await ingestSeconds(server.url, round, 'http'),
            await ingestSeconds(lakeDir, round, 'folder'),
          ].reverse();
    if (round === 0) continue;
    folder.push(pair[0] as number);
    http.push(pair[1] as number);
  }
} finally {
  server.stop();
  fs.rmSync(work, { recursive: true, force: true });
}

const f = median(folder);
const h = median(http);
const ratio = h / f;
const row = (name: string, seconds: number) =>
  `${name.padEnd(28)} ${(ledgers.length / seconds).toFixed(1).padStart(8)} ledgers/s  ${seconds.toFixed(3)} s`;
process.stdout.write(
  [
    `${ledgers.length} pubnet ledgers into SQLite, median of ${RUNS} rounds`,
    row('data lake folder', f),
    row('data lake over local HTTP', h),
    `ratio HTTP/folder: ${ratio.toFixed(2)}x (target <= ${TARGET}x): ${ratio <= TARGET ? 'PASS' : 'FAIL'}`,
    '',
  ].join('\n'),
);
