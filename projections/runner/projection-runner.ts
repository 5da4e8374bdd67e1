import type { EventStore } from '../../contracts/event-store.ts';
import type { Projection } from '../../contracts/projection.ts';
import type { ClickHouse } from '../clickhouse/clickhouse.ts';
import { projectionError } from '../errors.ts';
import { applyMigrations } from '../migrations/apply-migrations.ts';
import { type BatchEncoder, createBatchEncoder } from './encode-rows.ts';
import { type FaultHook, noFault } from './fault-hook.ts';
import { type ProjectionStatus, workerStatus } from './lag.ts';
import { prepareWorkers } from './prepare-workers.ts';
import { type ReadBatch, readBatch } from './read-batch.ts';
import { type RunnerLogger, silentLogger } from './runner-logger.ts';
import { createRunnerState, type GenerationRecord, type IntentRecord } from './runner-state.ts';
import { swapIn } from './swap-generation.ts';
import { validateProjections } from './validate-projections.ts';
import type { Worker } from './worker.ts';
import { persistPositions, type WorkerBatch, type WriteContext, writeBatch } from './write-batch.ts';

export interface ProjectionRunnerOptions {
  readonly store: EventStore;
  readonly ch: ClickHouse;
  readonly projections: readonly Projection[];
  readonly logger?: RunnerLogger;
  /** Count bound of a batch, in store events (default 50,000). */
  readonly maxBatchEvents?: number;
  /** Time bound of reading and folding one batch, ms (default 5,000). */
  readonly maxBatchMs?: number;
  /**
   * Inserts of one batch in flight at once (default 2 on chDB, whose inserts share the cores with
   * the runner's own reading and folding; 8 on a server).
   */
  readonly maxConcurrentInserts?: number;
  /** How often to look for new events when the store cannot push them, ms (default 200). */
  readonly pollIntervalMs?: number;
  /** A group of projections at one position yields to the others after this long, ms (default 5,000). */
  readonly turnMs?: number;
  /** In follow mode, checkpoints of projections that only skipped events are stored this often, ms. */
  readonly idleCheckpointMs?: number;
  /** Progress and lag are logged this often per projection, ms (default 5,000). */
  readonly logIntervalMs?: number;
  /** Test-only crash hook (see fault-hook.ts). */
  readonly fault?: FaultHook;
  /** Called after each stored batch (tests, metrics). */
  readonly onBatch?: (info: BatchInfo) => void | Promise<void>;
}

export interface RunOptions {
  /** Keep following the store after catching up (default: stop when caught up). */
  readonly follow?: boolean;
  /** Rebuild these projections (or all) into new generations from position 0. */
  readonly rebuild?: readonly string[] | 'all';
  readonly signal?: AbortSignal;
  /** With follow: once this aborts, catch up with everything stored by then and return. */
  readonly drain?: AbortSignal;
}

export interface BatchInfo {
  readonly after: bigint;
  readonly to: bigint;
  readonly caughtUp: boolean;
  readonly events: number;
  readonly workers: readonly ProjectionStatus[];
}

export interface ProjectionSummary {
  readonly position: string;
  readonly rows: number;
  readonly generation: number;
  readonly status: 'building' | 'live';
  /** Rows this run inserted. */
  readonly written: number;
  readonly lagEvents: number;
  readonly lagSeconds: number | null;
}

export interface RunSummary {
  readonly projections: Record<string, ProjectionSummary>;
}

export interface ProjectionRunner {
  /** Migrates, redoes an interrupted batch, then catches up (and follows); returns where each stands. */
  run(options?: RunOptions): Promise<RunSummary>;
  /** Position and lag of every generation being fed, for logs and the metrics endpoint. */
  status(): ProjectionStatus[];
}

/**
 * Follows the event store into ClickHouse read models. Each projection generation keeps its own
 * checkpoint; generations standing at the same position share one read of the store. A batch is read
 * (bounded by count and time) and its rows encoded while the previous batch is being inserted.
 */
export function createProjectionRunner(options: ProjectionRunnerOptions): ProjectionRunner {
  const { store, ch } = options;
  const logger = options.logger ?? silentLogger;
  const maxBatchEvents = options.maxBatchEvents ?? 50_000;
  const maxBatchMs = options.maxBatchMs ?? 5_000;
  const turnMs = options.turnMs ?? 5_000;
  const idleCheckpointMs = options.idleCheckpointMs ?? 5_000;
  const logIntervalMs = options.logIntervalMs ?? 5_000;
  const state = createRunnerState(ch);
  const ctx: WriteContext = {
    ch,
    state,
    fault: options.fault ?? noFault,
    maxConcurrentInserts: options.maxConcurrentInserts ?? (ch.kind === 'chdb' ? 2 : 8),
  };
  let workers: Worker[] = [];
  let head = 0n;
  let headCloseTime = '';
  const lastLogged = new Map<Worker, number>();

  const statusOf = (w: Worker) => workerStatus(w, head, headCloseTime);
  const seeHead = (batch: ReadBatch): void => {
    if (batch.head >= head) {
      head = batch.head;
      headCloseTime = batch.headCloseTime;
    }
  };

  /** Position and lag of each worker, at most once per logIntervalMs each. */
  function logProgress(cohort: readonly Worker[]): void {
    const now = performance.now();
    for (const w of cohort) {
      const last = lastLogged.get(w);
      if (last !== undefined && now - last < logIntervalMs) continue;
      lastLogged.set(w, now);
      const s = statusOf(w);
      logger.info(
        {
          projection: s.projection,
          generation: s.generation,
          status: s.status,
          position: s.position.toString(),
          head: s.head.toString(),
          lagEvents: Number(s.lagEvents),
          lagSeconds: s.lagSeconds,
          rows: s.rows,
        },
        'projection progress',
      );
    }
  }

  async function redoInterrupted(worker: Worker, intent: IntentRecord | null): Promise<void> {
    const name = worker.projection.name;
    if (intent === null || intent.to <= worker.persisted) return;
    if (intent.from < worker.persisted) {
      throw projectionError(
        'PROJ_ERR_STATE',
        `the stored intent (${intent.from}, ${intent.to}] of ${name} starts before its checkpoint ${worker.persisted}`,
        { details: { projection: name, generation: worker.generation.generation } },
      );
    }
    const encoder = createBatchEncoder(worker);
    const batch = await readBatch(store, {
      after: intent.from,
      upTo: intent.to,
      types: [...worker.types],
      maxEvents: Number.MAX_SAFE_INTEGER,
      maxMs: Number.POSITIVE_INFINITY,
      onEvent: encoder.add,
    });
    // (persisted, from] had no rows for this worker: it only moved in memory before the crash.
    worker.position = intent.from;
    await writeBatch(ctx, batch, [{ worker, encoded: encoder.finish() }]);
    logger.info(
      {
        projection: name,
        generation: worker.generation.generation,
        from: `${intent.from}`,
        to: `${intent.to}`,
      },
      'redid the batch an earlier run stored without its checkpoint (duplicate blocks dropped by ClickHouse)',
    );
  }

  /**
   * Per set of wanted types: read everything and skip the rest here (the default, cheapest when most
   * events are wanted), or let the store filter, once a batch showed that most events are not wanted.
   */
  const storeFilters = new Map<string, boolean>();

  /**
   * Reads one batch for a cohort and folds each event into the rows of every worker that wants its
   * type as it is read: the store payload is parsed once for all of them, and no event outlives
   * its fold.
   */
  async function prepare(cohort: readonly Worker[], types: readonly string[], after: bigint) {
    const key = types.join(',');
    const filterInStore = storeFilters.get(key) ?? false;
    const encoders = cohort.map(createBatchEncoder);
    const byType = new Map<string, BatchEncoder[]>();
    for (const type of types) {
      byType.set(
        type,
        encoders.filter((e) => e.worker.types.has(type)),
      );
    }
    const batch = await readBatch(store, {
      after,
      types,
      maxEvents: maxBatchEvents,
      maxMs: maxBatchMs,
      filterInStore,
      onEvent(event) {
        for (const encoder of byType.get(event.type) ?? []) encoder.add(event);
      },
    });
    if (!filterInStore && batch.scanned >= 1000) storeFilters.set(key, batch.events < batch.scanned / 2);
    const work: WorkerBatch[] = encoders.map((encoder) => ({
      worker: encoder.worker,
      encoded: encoder.finish(),
    }));
    return { batch, work };
  }

  /** Feeds one group of workers at the same position until caught up or its turn (ms) ends. */
  async function runCohort(
    cohort: readonly Worker[],
    lives: Map<string, GenerationRecord>,
    signal: AbortSignal | undefined,
    turn: number,
  ): Promise<boolean> {
    const types = [...new Set(cohort.flatMap((w) => [...w.types]))].sort();
    const started = performance.now();
    let pending: ReturnType<typeof prepare> | undefined = prepare(
      cohort,
      types,
      (cohort[0] as Worker).position,
    );
    try {
      for (;;) {
        const { batch, work } = await (pending as ReturnType<typeof prepare>);
        pending = undefined;
        const more = !batch.caughtUp && performance.now() - started < turn && signal?.aborted !== true;
        if (more) pending = prepare(cohort, types, batch.to);
        await writeBatch(ctx, batch, work);
        seeHead(batch);
        await options.onBatch?.({
          after: batch.after,
          to: batch.to,
          caughtUp: batch.caughtUp,
          events: batch.events,
          workers: cohort.map(statusOf),
        });
        logProgress(cohort);
        if (batch.caughtUp) {
          for (const worker of cohort) {
            if (worker.status === 'building') await swap(worker, lives);
          }
          return true;
        }
        if (pending === undefined || signal?.aborted === true) return false;
      }
    } finally {
      // A prefetched batch that will not be written is dropped (its errors too: nothing was stored).
      if (pending !== undefined) await pending.catch(() => undefined);
    }
  }

  async function swap(worker: Worker, lives: Map<string, GenerationRecord>): Promise<void> {
    const name = worker.projection.name;
    const previous = lives.get(name);
    const live = await swapIn({ ch, state }, worker, previous);
    lives.set(name, live);
    workers = workers.filter((w) => w === worker || w.projection.name !== name);
    logger.info(
      { projection: name, generation: live.generation, previous: previous?.generation ?? null },
      'generation caught up and swapped in: readers now see it',
    );
  }

  async function waitForNewEvents(
    after: bigint,
    signals: readonly (AbortSignal | undefined)[],
  ): Promise<void> {
    const local = new AbortController();
    const stop = (): void => local.abort();
    const active = signals.filter((s): s is AbortSignal => s !== undefined);
    if (active.some((s) => s.aborted)) return;
    for (const s of active) s.addEventListener('abort', stop, { once: true });
    try {
      for await (const _ of store.subscribe({
        after,
        signal: local.signal,
        ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
      })) {
        break;
      }
    } finally {
      local.abort();
      for (const s of active) s.removeEventListener('abort', stop);
    }
  }

  function summary(): RunSummary {
    const projections: Record<string, ProjectionSummary> = {};
    for (const p of options.projections) {
      const mine = workers.filter((w) => w.projection.name === p.name);
      const w = mine.find((x) => x.status === 'live') ?? mine[0];
      if (w === undefined) continue;
      const s = statusOf(w);
      projections[p.name] = {
        position: s.position.toString(),
        rows: s.rows,
        generation: s.generation,
        status: s.status,
        written: s.written,
        lagEvents: Number(s.lagEvents),
        lagSeconds: s.lagSeconds,
      };
    }
    return { projections };
  }

  return {
    status: () => workers.map(statusOf),
    async run(run: RunOptions = {}): Promise<RunSummary> {
      validateProjections(options.projections);
      const known = new Set(options.projections.map((p) => p.name));
      const rebuild = new Set(run.rebuild === 'all' ? known : (run.rebuild ?? []));
      for (const name of rebuild) {
        if (!known.has(name)) {
          throw projectionError(
            'PROJ_ERR_DEFINITION',
            `cannot rebuild "${name}": no such projection (known: ${[...known].join(', ')})`,
            { details: { projection: name } },
          );
        }
      }
      await applyMigrations(ch);
      const prepared = await prepareWorkers({ ch, state, projections: options.projections, rebuild, logger });
      workers = prepared.workers;
      const { lives } = prepared;
      const intents = await Promise.all(
        workers.map((w) => state.intent(w.projection.name, w.generation.generation)),
      );
      for (const [i, worker] of workers.entries()) await redoInterrupted(worker, intents[i] ?? null);

      const stopped = (): boolean => run.signal?.aborted === true;
      let lastIdlePersist = performance.now();
      while (workers.length > 0 && !stopped()) {
        const draining = run.drain?.aborted === true;
        const cohorts = new Map<bigint, Worker[]>();
        for (const w of workers) cohorts.set(w.position, [...(cohorts.get(w.position) ?? []), w]);
        let caughtUp = true;
        for (const [, cohort] of [...cohorts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
          if (stopped()) break;
          // A swap earlier in this pass may have retired a generation of this group.
          const current = cohort.filter((w) => workers.includes(w));
          // Turns only matter when other groups wait: a lone group keeps its read-ahead going.
          const turn = cohorts.size > 1 ? turnMs : Number.POSITIVE_INFINITY;
          if (current.length > 0 && !(await runCohort(current, lives, run.signal, turn))) caughtUp = false;
        }
        if (!caughtUp || stopped()) continue;
        const finishing = run.follow !== true || draining;
        if (finishing || performance.now() - lastIdlePersist > idleCheckpointMs) {
          await persistPositions(state, workers);
          lastIdlePersist = performance.now();
        }
        if (finishing) break;
        const lowest = workers.reduce((min, w) => (w.position < min ? w.position : min), head);
        await waitForNewEvents(lowest, [run.signal, run.drain]);
      }
      await persistPositions(state, workers);
      return summary();
    },
  };
}
