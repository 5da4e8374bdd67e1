import type { ClickHouse } from '../clickhouse/clickhouse.ts';
import { projectionError } from '../errors.ts';
import type { EncodedBatch } from './encode-rows.ts';
import type { FaultHook } from './fault-hook.ts';
import { createLimiter } from './limit-concurrency.ts';
import type { ReadBatch } from './read-batch.ts';
import type { CheckpointRecord, RunnerState } from './runner-state.ts';
import type { Worker } from './worker.ts';

export interface WriteContext {
  readonly ch: ClickHouse;
  readonly state: RunnerState;
  readonly fault: FaultHook;
  /** Inserts of a batch in flight at once (see ProjectionRunnerOptions.maxConcurrentInserts). */
  readonly maxConcurrentInserts: number;
}

export interface WorkerBatch {
  readonly worker: Worker;
  readonly encoded: EncodedBatch;
}

/**
 * The deduplication token of one block of one table's rows of one batch (`part` > 0 when the table's
 * rows changed format within the batch): the same batch always has the same tokens.
 */
export const batchToken = (worker: Worker, from: bigint, to: bigint, table: string, part = 0): string =>
  `${worker.projection.name}:${worker.generation.generation}:${from}-${to}:${table}${part === 0 ? '' : `#${part}`}`;

/**
 * Writes one batch (store positions (after, to]) for workers that all stand at `after`:
 *   1. an intent row per worker with rows: the exact range it is about to insert;
 *   2. each table's rows, with a deduplication token naming projection, generation, range and table
 *      (all tables concurrently);
 *   3. the checkpoints, only once every insert was acknowledged.
 * Killed anywhere in between, the next start finds the intent beyond the checkpoint and redoes that
 * range: same events, same rows, same tokens, so ClickHouse drops the blocks it already has (in
 * materialized views too). Workers without rows move in memory only; their checkpoint is written
 * with the next batch that has rows, or by `persistPositions`.
 */
export async function writeBatch(
  ctx: WriteContext,
  batch: ReadBatch,
  work: readonly WorkerBatch[],
): Promise<void> {
  const { after, to } = batch;
  for (const { worker } of work) {
    if (worker.position !== after) {
      throw projectionError(
        'PROJ_ERR_STATE',
        `internal: ${worker.projection.name} stands at ${worker.position}, not at the batch start ${after}`,
        { details: { projection: worker.projection.name, generation: worker.generation.generation } },
      );
    }
  }
  const writing = work.filter((w) => w.encoded.rows > 0);
  if (writing.length > 0) {
    await ctx.state.putIntents(
      writing.map(({ worker }) => ({
        projection: worker.projection.name,
        generation: worker.generation.generation,
        from: after,
        to,
      })),
    );
    for (const { worker } of writing) {
      worker.batches += 1;
      ctx.fault('after-intent', worker.projection.name, worker.batches);
    }
    // Several tables of the batch at once: each insert carries its own token, so their order does
    // not matter, and ClickHouse works on them while the next batch is read and folded.
    const slot = createLimiter(ctx.maxConcurrentInserts);
    const inserts = writing.map(async ({ worker, encoded }) => {
      await settleAll(
        encoded.tables.map(async (table, index) => {
          await slot(() =>
            ctx.ch.insertText(table.physical, table.body, {
              format: table.format,
              columns: table.columns,
              token: batchToken(worker, after, to, table.table, table.part),
              what: `insert ${table.count} rows into ${table.physical}`,
              details: {
                projection: worker.projection.name,
                generation: worker.generation.generation,
                table: table.table,
                fromPosition: after.toString(),
                toPosition: to.toString(),
              },
            }),
          );
          if (index === 0) ctx.fault('after-table', worker.projection.name, worker.batches);
        }),
      );
      ctx.fault('after-insert', worker.projection.name, worker.batches);
    });
    await settleAll(inserts);
  }
  // Piggyback: once a checkpoint row is written anyway, every worker of the batch gets one.
  const checkpoints: CheckpointRecord[] =
    writing.length === 0
      ? []
      : work.map(({ worker, encoded }) => ({
          projection: worker.projection.name,
          generation: worker.generation.generation,
          position: to,
          rows: worker.rows + encoded.rows,
          closeTime: batch.closeTime,
        }));
  await ctx.state.putCheckpoints(checkpoints);
  for (const { worker, encoded } of work) {
    worker.position = to;
    worker.rows += encoded.rows;
    worker.written += encoded.rows;
    if (batch.closeTime !== '') worker.closeTime = batch.closeTime;
    if (checkpoints.length > 0) worker.persisted = to;
  }
}

/** Waits for every promise (none is left running), then throws the first failure. */
async function settleAll(promises: readonly Promise<unknown>[]): Promise<void> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

/** Stores the checkpoint of every worker whose in-memory position is ahead of the stored one. */
export async function persistPositions(state: RunnerState, workers: readonly Worker[]): Promise<void> {
  const behind = workers.filter((w) => w.position > w.persisted);
  await state.putCheckpoints(
    behind.map((w) => ({
      projection: w.projection.name,
      generation: w.generation.generation,
      position: w.position,
      rows: w.rows,
      closeTime: w.closeTime,
    })),
  );
  for (const w of behind) w.persisted = w.position;
}
