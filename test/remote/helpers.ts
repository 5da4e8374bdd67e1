import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import {
  type IngestJobOptions,
  type IngestJobProgress,
  type RemoteSourceSettings,
  runIngestJob,
} from '../../cli/ingest-job.ts';
import type { IngestStats } from '../../ingest/ingest-stats.ts';
import { PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { type StoreSnapshot, snapshotStore } from '../helpers/store-snapshot.ts';

export const FIRST = 63092982;
export const LAST = 63093001;

/** Short backoffs and timeouts, so fault tests stay fast. */
export const FAST: RemoteSourceSettings = {
  http: {
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    timeouts: { responseMs: 2000, idleMs: 300 },
  },
  pollIntervalMs: 30,
  lagLogIntervalMs: 0,
};

export interface LogLine {
  readonly level: 'info' | 'warn' | 'debug';
  readonly msg: string | undefined;
  readonly obj: Record<string, unknown>;
}

export function captureLogger() {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (obj: object, msg?: string) =>
    lines.push({ level, msg, obj: obj as Record<string, unknown> });
  return { lines, logger: { info: at('info'), warn: at('warn'), debug: at('debug') } };
}

/** A fresh temp folder per test, removed afterwards. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'remote-sources-'));
    made.push(dir);
    return dir;
  };
}

export interface IngestRun {
  readonly stats: IngestStats;
  readonly snapshot: StoreSnapshot;
  readonly logs: LogLine[];
  readonly progress: IngestJobProgress[];
}

/** Runs one ingest job into `sqlite:<dir>/<name>.db` and snapshots the store. */
export async function ingestInto(
  dir: string,
  name: string,
  options: Partial<IngestJobOptions> & { readonly source: string },
): Promise<IngestRun> {
  const storeUri = `sqlite:${path.join(dir, `${name}.db`)}`;
  const { lines, logger } = captureLogger();
  const progress: IngestJobProgress[] = [];
  const stats = await runIngestJob({
    storeUri,
    network: 'pubnet',
    logger,
    remote: FAST,
    onProgress: (p) => progress.push(p),
    ...options,
  });
  return { stats, snapshot: await snapshotStore(storeUri), logs: lines, progress };
}

/** The same job, expected to fail: the error and what the store holds afterwards. */
export async function ingestFailing(
  dir: string,
  name: string,
  options: Partial<IngestJobOptions> & { readonly source: string },
): Promise<{ error: Error & { code?: string; details?: Record<string, unknown> }; snapshot: StoreSnapshot }> {
  const storeUri = `sqlite:${path.join(dir, `${name}.db`)}`;
  const { logger } = captureLogger();
  try {
    await runIngestJob({ storeUri, network: 'pubnet', logger, remote: FAST, ...options });
  } catch (error) {
    return { error: error as Error & { code?: string }, snapshot: await snapshotStore(storeUri) };
  }
  throw new Error(`expected ${options.source} to fail, but it succeeded`);
}

const baselines = new Map<string, Promise<StoreSnapshot>>();

/** The fault-free run: the local fixture folder ingested over the same range (cached per file). */
export function baseline(dir: string, from = FIRST, to = LAST): Promise<StoreSnapshot> {
  const key = `${from}-${to}`;
  let found = baselines.get(key);
  if (found === undefined) {
    found = ingestInto(dir, `baseline-${key}`, { source: PUBNET_P26_DIR(), from, to }).then(
      (r) => r.snapshot,
    );
    baselines.set(key, found);
  }
  return found;
}

/**
 * Asserts that two stores hold the same facts (type, id, payload, in order) and checkpoint. Compares
 * serialized events, then shows the first differing event, which is far faster than a deep equal
 * of tens of thousands of events.
 */
export function expectSameFacts(actual: StoreSnapshot, expected: StoreSnapshot): void {
  expect(actual.checkpoint).toEqual(expected.checkpoint);
  expect(actual.events.length).toBe(expected.events.length);
  const first = actual.events.findIndex((e, i) => JSON.stringify(e) !== JSON.stringify(expected.events[i]));
  if (first >= 0) expect(actual.events[first]).toEqual(expected.events[first]);
  expect(first).toBe(-1);
}

/** The events of a snapshot from ledgers `from`..`to`. */
export function factsOfLedgers(snapshot: StoreSnapshot, from: number, to: number): StoreSnapshot['events'] {
  return snapshot.events.filter((e) => {
    const ledger = (e.payload as { ledger: number }).ledger;
    return ledger >= from && ledger <= to;
  });
}
