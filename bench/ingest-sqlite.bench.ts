/**
 * Ingest throughput into SQLite, against plain SDK decoding of the same bytes in the same run.
 *
 *   npm run bench:ingest
 *
 * For each input: (1) baseline = `xdr.LedgerCloseMeta.fromXDR` of every ledger (bytes already
 * decompressed, so the baseline is pure XDR decoding); (2) the full ingest job (read files,
 * decompress, decode to facts, append to a fresh SQLite store with checkpoints) as the CLI runs it.
 * Prints ledgers/s, events/s, the ratio ingest/baseline, and peak RSS.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { xdr } from '@stellar/stellar-sdk';
import { runIngestJob } from '../cli/ingest-job.ts';
import type { RawLedger } from '../contracts/ledger-source.ts';
import { totalEvents } from '../ingest/ingest-stats.ts';
import { openLocalLedgerSource } from '../ingest/sources/open-local-source.ts';

const fixtures =
  process.env.STELLAR_FIXTURES_DIR ?? path.resolve(import.meta.dirname, '../../shared/fixtures');
const INPUTS = [
  {
    name: '20 pubnet P26 ledgers',
    path: 'ledger-close-meta/pubnet/p26-63092982-63093001',
    network: 'pubnet',
    skip: false,
  },
  {
    name: 'synthetic v26 (30 ledgers)',
    path: 'ledger-close-meta/synthetic/load-test-ledgers-v26.xdr.zstd',
    network: 'pubnet',
    skip: true,
  },
];
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** Decode worker threads for the ingest runs (the CLI's --decode-workers). */
const WORKERS =
  process.env.BENCH_DECODE_WORKERS === undefined ? undefined : Number(process.env.BENCH_DECODE_WORKERS);
const silent = { info() {}, debug() {} };

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 20);

async function loadRaw(file: string): Promise<RawLedger[]> {
  const source = await openLocalLedgerSource(file);
  const out: RawLedger[] = [];
  for await (const raw of source.read({})) out.push(raw);
  await source.close();
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

for (const input of INPUTS) {
  const file = path.join(fixtures, input.path);
  const raws = await loadRaw(file);
  const baseline: number[] = [];
  for (let r = 0; r < RUNS + 1; r++) {
    const t0 = performance.now();
    for (const raw of raws) xdr.LedgerCloseMeta.fromXDR(raw.xdr);
    if (r > 0) baseline.push((performance.now() - t0) / 1000);
  }
  const ingest: number[] = [];
  let events = 0;
  peakRss = 0;
  for (let r = 0; r < RUNS + 1; r++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ingest-'));
    const t0 = performance.now();
    const stats = await runIngestJob({
      source: file,
      storeUri: `sqlite:${path.join(dir, 'events.db')}`,
      network: input.network,
      skipNetworkCheck: input.skip,
      logger: silent,
      decodeWorkers: WORKERS,
    });
    if (r > 0) ingest.push((performance.now() - t0) / 1000);
    events = totalEvents(stats);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const b = median(baseline);
  const i = median(ingest);
  const n = raws.length;
  console.log(
    [
      `${input.name}: ${n} ledgers, ${events} events`,
      `  baseline SDK fromXDR : ${(n / b).toFixed(1)} ledgers/s (${(b * 1000).toFixed(0)} ms)`,
      `  ingest into SQLite   : ${(n / i).toFixed(1)} ledgers/s, ${(events / i).toFixed(0)} events/s (${(i * 1000).toFixed(0)} ms)`,
      `  ratio ingest/baseline: ${(b / i).toFixed(2)}x the speed of plain SDK decoding`,
      `  peak RSS             : ${(peakRss / 2 ** 20).toFixed(0)} MB`,
    ].join('\n'),
  );
}
clearInterval(sampler);
