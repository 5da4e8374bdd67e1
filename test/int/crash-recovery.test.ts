import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEventStore } from '../../event-store/open-event-store.ts';
import { PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { lastJsonLine, runCli, startCli } from '../helpers/run-cli.ts';
import { type StoreSnapshot, snapshotStore } from '../helpers/store-snapshot.ts';

const FIRST = 63092982;
const LAST = 63093001;
let dir: string;
let clean: StoreSnapshot;

const ingestArgs = (db: string): string[] => [
  'ingest',
  '--source',
  PUBNET_P26_DIR(),
  '--network',
  'pubnet',
  '--store',
  `sqlite:${db}`,
  '--commit-ledgers',
  '1',
  '--json',
];

async function checkpointOf(db: string): Promise<number | null> {
  if (!fs.existsSync(db)) return null;
  const store = await openEventStore(`sqlite:${db}`);
  try {
    return (await store.readCheckpoint('ingest:pubnet'))?.ledger ?? null;
  } finally {
    await store.close();
  }
}

/**
 * Starts an ingest and kills it with SIGKILL as soon as it logs the commit of `afterLedger` (its debug
 * log, read from stderr as it is written: no polling race on a loaded machine).
 */
async function killMidRun(db: string, afterLedger: number): Promise<void> {
  const { child, done } = startCli(ingestArgs(db), dir, { LOG_LEVEL: 'debug' });
  let buffered = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const entry = line.startsWith('{') ? (JSON.parse(line) as { msg?: string; ledger?: number }) : null;
      if (entry?.msg === 'committed' && (entry.ledger ?? 0) >= afterLedger) child.kill('SIGKILL');
    }
  });
  const result = await done;
  expect(result.signal, 'ingest finished before it could be killed').toBe('SIGKILL');
  expect(await checkpointOf(db)).toBeGreaterThanOrEqual(afterLedger);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crash-'));
  const result = await runCli(ingestArgs(path.join(dir, 'clean.db')), dir);
  expect(result.code).toBe(0);
  expect(lastJsonLine(result.stdout)).toMatchObject({ fromLedger: FIRST, toLedger: LAST, ledgers: 20 });
  clean = await snapshotStore(`sqlite:${path.join(dir, 'clean.db')}`);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ingest killed with SIGKILL resumes with no gap and no duplicate', () => {
  it('twice killed, then finished: identical to a clean run', async () => {
    const db = path.join(dir, 'crashed.db');
    await killMidRun(db, FIRST + 2);

    // What survived the kill is whole ledgers only, exactly as a clean run stored them.
    const partial = await snapshotStore(`sqlite:${db}`);
    const at = partial.checkpoint?.ledger as number;
    expect(at).toBeGreaterThanOrEqual(FIRST + 2);
    expect(at).toBeLessThan(LAST);
    const wholeLedgers = clean.events.filter((e) => (e.payload as { ledger: number }).ledger <= at);
    expect(partial.events).toEqual(wholeLedgers);

    await killMidRun(db, at + 2);
    const resumed = await runCli(ingestArgs(db), dir);
    expect(resumed.code).toBe(0);
    const summary = lastJsonLine(resumed.stdout) as { fromLedger: number; toLedger: number };
    expect(summary.toLedger).toBe(LAST);
    expect(summary.fromLedger).toBeGreaterThan(at + 2);

    const final = await snapshotStore(`sqlite:${db}`);
    expect(final.checkpoint).toEqual(clean.checkpoint);
    expect(final.events.length).toBe(clean.events.length);
    expect(final.events.map((e) => `${e.type}/${e.id}`)).toEqual(
      clean.events.map((e) => `${e.type}/${e.id}`),
    );
    expect(final.events).toEqual(clean.events);
  });

  it('a rerun of a finished range appends nothing', async () => {
    const result = await runCli(ingestArgs(path.join(dir, 'clean.db')), dir);
    expect(result.code).toBe(0);
    expect(lastJsonLine(result.stdout)).toMatchObject({ ledgers: 0, transactions: 0, events: {} });
    const again = await snapshotStore(`sqlite:${path.join(dir, 'clean.db')}`);
    expect(again.events.length).toBe(clean.events.length);
  });
});
