import { randomUUID } from 'node:crypto';
import { jsonEvent, NO_STREAM } from '@eventstore/db-client';
import type { Checkpoint } from '../../contracts/checkpoint.ts';
import { STORE_ERR_TOO_LARGE, STORE_ERR_UNAVAILABLE, storeError } from '../errors.ts';
import type { EsdbContext } from './context.ts';
import { isWrongExpectedVersion, mapEsdbError } from './esdb-errors.ts';
import {
  encodeLogEntry,
  LOG_EVENT_TYPE,
  type LogEntry,
  type LogHead,
  nextPositionAfter,
} from './log-entry.ts';
import { readLogHead } from './log-reader.ts';
import { type PlannedWrite, type WrittenAttempt, writeAttempt } from './write-attempt.ts';

/** Times a commit is retried when other writers keep moving the log while its own checks still hold. */
const MAX_LOG_ATTEMPTS = 10;
/** A commit record must fit one append with room to spare. */
const MAX_ENTRY_BYTES = 900_000;

/** What a commit decides from the log head: where each write starts, and the checkpoints after it. */
export interface CommitDecision {
  readonly firstRevisions: readonly bigint[];
  readonly checkpoints: ReadonlyMap<string, Checkpoint>;
}

export interface CommitPlan {
  readonly method: string;
  /** Non-empty writes, one attempt stream each. */
  readonly writes: readonly PlannedWrite[];
  /** Checks the writer's expectations against the head (throws the conflict errors) and decides. */
  decide(head: LogHead): Promise<CommitDecision>;
}

/**
 * The commit protocol. 1) read the log head and check expectations, 2) write every event into fresh
 * attempt streams, 3) append ONE commit record to the log expecting the head's revision. Step 3 is
 * the commit point: until it succeeds nothing is visible. If another writer moved the log meanwhile,
 * the expectations are checked again on the new head; when they still hold, the record is re-appended
 * with new positions (the written events are reused: positions live in the record, not the events).
 */
export async function commitToLog(ctx: EsdbContext, plan: CommitPlan): Promise<LogEntry> {
  let head = await readLogHead(ctx);
  let decision = await plan.decide(head);
  const attempts: WrittenAttempt[] = [];
  for (const write of plan.writes) attempts.push(await writeAttempt(ctx, write));
  const commitId = randomUUID();
  for (let attempt = 1; ; attempt++) {
    const entry = buildEntry(commitId, head, decision, plan.writes, attempts);
    const data = encodeLogEntry(entry);
    const bytes = JSON.stringify(data).length;
    if (bytes > MAX_ENTRY_BYTES) {
      await discard(ctx, attempts);
      throw storeError(
        STORE_ERR_TOO_LARGE,
        `${plan.method}: the commit record for ${plan.writes.length} streams is ${bytes} bytes, over ${MAX_ENTRY_BYTES}; commit fewer ledgers per call`,
        { details: { method: plan.method, bytes, streams: plan.writes.length } },
      );
    }
    try {
      await ctx.client.appendToStream(
        ctx.logStream,
        jsonEvent({ id: commitId, type: LOG_EVENT_TYPE, data }),
        {
          expectedRevision: head.revision ?? NO_STREAM,
        },
      );
      ctx.notifier.notify();
      return entry;
    } catch (error) {
      if (!isWrongExpectedVersion(error)) {
        // The outcome is unknown (the record may have landed), so the attempt streams are kept.
        throw mapEsdbError(error, `${plan.method}: appending the commit record to ${ctx.logStream}`, {
          endpoint: ctx.endpoint,
          stream: ctx.logStream,
        });
      }
      if (attempt >= MAX_LOG_ATTEMPTS) {
        throw storeError(
          STORE_ERR_UNAVAILABLE,
          `${plan.method}: the commit log ${ctx.logStream} moved ${attempt} times in a row under other writers; retry later`,
          { details: { method: plan.method, stream: ctx.logStream, endpoint: ctx.endpoint }, cause: error },
        );
      }
    }
    head = await readLogHead(ctx);
    try {
      decision = await plan.decide(head);
    } catch (conflict) {
      await discard(ctx, attempts);
      throw conflict;
    }
  }
}

function buildEntry(
  commitId: string,
  head: LogHead,
  decision: CommitDecision,
  writes: readonly PlannedWrite[],
  attempts: readonly WrittenAttempt[],
): LogEntry {
  const segments = writes.map((write, i) => {
    const attempt = attempts[i] as WrittenAttempt;
    return {
      stream: write.stream,
      firstRevision: decision.firstRevisions[i] ?? 0n,
      count: attempt.count,
      source: attempt.source,
      types: attempt.types,
    };
  });
  return {
    commitId,
    firstPosition: nextPositionAfter(head.entry),
    count: segments.reduce((n, s) => n + s.count, 0),
    segments,
    checkpoints: decision.checkpoints,
  };
}

/** Best effort: deletes attempt streams of a commit that definitely failed; leftovers are harmless. */
async function discard(ctx: EsdbContext, attempts: readonly WrittenAttempt[]): Promise<void> {
  await Promise.all(attempts.map((a) => ctx.client.deleteStream(a.source).catch(() => undefined)));
}
