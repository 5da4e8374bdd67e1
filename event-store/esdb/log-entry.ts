import type { Checkpoint } from '../../contracts/checkpoint.ts';
import { STORE_ERR_CORRUPT, storeError } from '../errors.ts';

/** Event type of a commit record in the log stream. */
export const LOG_EVENT_TYPE = 'StoreCommitted';

/** One logical stream's run of events, written into a private attempt stream before the commit. */
export interface LogSegment {
  /** Logical stream name (`ledger-<seq>`, or the stream given to appendToStream). */
  readonly stream: string;
  /** Revision of the first event in the logical stream. */
  readonly firstRevision: bigint;
  readonly count: number;
  /** The attempt stream holding the events at revisions 0..count-1. */
  readonly source: string;
  /** Distinct event types in the segment, so a filtered read can skip it without reading it. */
  readonly types: readonly string[];
}

/** A commit record: the only thing that makes written events visible. */
export interface LogEntry {
  readonly commitId: string;
  /** Global position of the first event of the first segment; the others follow without gaps. */
  readonly firstPosition: bigint;
  readonly count: number;
  readonly segments: readonly LogSegment[];
  /** Every checkpoint of the store after this commit (carried forward, so the last entry has them all). */
  readonly checkpoints: ReadonlyMap<string, Checkpoint>;
}

/** The log's last entry and its revision; the empty log has revision null. */
export interface LogHead {
  readonly revision: bigint | null;
  readonly entry: LogEntry | null;
}

export const nextPositionAfter = (entry: LogEntry | null): bigint =>
  entry === null ? 1n : entry.firstPosition + BigInt(entry.count);

/** JSON body of the commit event (bigints as decimal strings). */
export function encodeLogEntry(entry: LogEntry): Record<string, unknown> {
  return {
    v: 1,
    commitId: entry.commitId,
    firstPosition: entry.firstPosition.toString(),
    count: entry.count,
    segments: entry.segments.map((s) => ({
      stream: s.stream,
      firstRevision: s.firstRevision.toString(),
      count: s.count,
      source: s.source,
      types: s.types,
    })),
    checkpoints: Object.fromEntries(entry.checkpoints),
  };
}

/** Parses a commit event's body; anything this code did not write is STORE_ERR_CORRUPT. */
export function decodeLogEntry(data: unknown, where: { stream: string; revision: bigint }): LogEntry {
  const fail = (what: string) =>
    storeError(
      STORE_ERR_CORRUPT,
      `Commit record at revision ${where.revision} of ${where.stream} is malformed: ${what}; inspect the stream`,
      { details: { stream: where.stream, revision: where.revision.toString() } },
    );
  if (!isRecord(data) || data.v !== 1) throw fail('not a version 1 record');
  const { commitId, firstPosition, count, segments, checkpoints } = data;
  if (typeof commitId !== 'string') throw fail('commitId');
  if (typeof firstPosition !== 'string' || !/^\d+$/.test(firstPosition)) throw fail('firstPosition');
  if (!isCount(count)) throw fail('count');
  if (!Array.isArray(segments)) throw fail('segments');
  if (!isRecord(checkpoints)) throw fail('checkpoints');
  let total = 0;
  const decoded = segments.map((s: unknown, i): LogSegment => {
    if (!isRecord(s)) throw fail(`segment ${i}`);
    const { stream, firstRevision, count: n, source, types } = s;
    if (typeof stream !== 'string' || typeof source !== 'string') throw fail(`segment ${i} stream/source`);
    if (typeof firstRevision !== 'string' || !/^\d+$/.test(firstRevision))
      throw fail(`segment ${i} firstRevision`);
    if (!isCount(n) || !Array.isArray(types) || !types.every((t) => typeof t === 'string')) {
      throw fail(`segment ${i} count/types`);
    }
    total += n;
    return { stream, firstRevision: BigInt(firstRevision), count: n, source, types };
  });
  if (total !== count) throw fail(`count ${count} is not the sum of its segments (${total})`);
  const map = new Map<string, Checkpoint>();
  for (const [name, c] of Object.entries(checkpoints)) {
    if (!isRecord(c) || !isCount(c.ledger) || typeof c.hash !== 'string') throw fail(`checkpoint ${name}`);
    map.set(name, { ledger: c.ledger, hash: c.hash });
  }
  return {
    commitId,
    firstPosition: BigInt(firstPosition),
    count,
    segments: decoded,
    checkpoints: map,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
