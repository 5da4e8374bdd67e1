import type { EventStore, StoredEvent } from '../../contracts/event-store.ts';
import { LEDGER_CLOSED } from '../../contracts/events/ledger-closed.ts';
import type { TriggerFired } from '../../contracts/events/trigger-fired.ts';
import type { ReadModelReader } from '../conditions/read-model-reader.ts';
import { triggerError } from '../errors.ts';
import type { TriggerRule } from '../rules/rule-types.ts';
import { restoreStates, savedStates } from './engine-states.ts';
import { openFiringLog } from './firing-log.ts';
import { createLedgerEvaluator } from './ledger-evaluator.ts';
import { ledgerOfClosed, positionBefore } from './ledger-reader.ts';
import type { ProjectionTarget } from './projection-wait.ts';
import { openEngineStateFile } from './state-file.ts';

/** pino's shape, so the CLI passes its logger as is. */
export interface EngineLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface TriggerEngineOptions {
  readonly store: EventStore;
  /** Needed by read-model rules: a ClickHouse handle (or anything with its `query`). */
  readonly clickhouse?: ReadModelReader;
  readonly rules: readonly TriggerRule[];
  /** Network label of the firings, and the key of the engine's state row. */
  readonly network: string;
  /** SQLite file of the engine state (table trigger_engine_state). */
  readonly statePath: string;
  /** First ledger to evaluate when there is no saved state; default: the next ledger after start. */
  readonly from?: number;
  /**
   * Needed by read-model rules: resolves once the read models hold the target ledger (see
   * createProjectionWait); conditions of a ledger are never evaluated before.
   */
  readonly waitForProjection?: (target: ProjectionTarget, signal?: AbortSignal) => Promise<void>;
  /** The firings this run appended for a ledger, after its state is saved. */
  readonly onFired?: (events: readonly TriggerFired[]) => void;
  readonly logger: EngineLogger;
  /** Store polling interval when following, ms. */
  readonly pollIntervalMs?: number;
  /** Test hook: runs after a ledger's firings are appended and before its state is saved. */
  readonly afterAppend?: (ledger: number, appended: readonly TriggerFired[]) => void | Promise<void>;
}

export interface EngineRunOptions {
  readonly signal?: AbortSignal;
  /** Keep following new ledgers after catching up (default true); false stops when caught up. */
  readonly follow?: boolean;
  /** Stop after evaluating this ledger. */
  readonly until?: number;
}

export interface EngineRunSummary {
  /** First and last ledger evaluated by this run (null when none). */
  readonly first: number | null;
  readonly last: number | null;
  readonly ledgers: number;
  /** Firings appended by this run. */
  readonly appended: number;
  /** Firings re-evaluated that an interrupted run had already appended. */
  readonly alreadyAppended: number;
}

export interface TriggerEngine {
  run(options?: EngineRunOptions): Promise<EngineRunSummary>;
}

/**
 * Follows LedgerClosed events (catch up, then live), evaluates every rule at each ledger in order,
 * appends the firings to the triggers stream with the expected revision, then saves its state.
 * Exactly once across crashes: on restart, firings already in the stream after the saved revision are
 * not appended again, but the rule states advance exactly as they did.
 */
export function createTriggerEngine(options: TriggerEngineOptions): TriggerEngine {
  const { store, rules, network, logger } = options;
  const evaluator = createLedgerEvaluator({ store, reader: options.clickhouse, rules });
  if (evaluator.hasReadModelRules) {
    for (const [option, value] of [
      ['clickhouse', options.clickhouse],
      ['waitForProjection', options.waitForProjection],
    ] as const) {
      if (value === undefined) {
        throw triggerError(
          'TRIGGER_ERR_CONFIG',
          `read-model rules need the ${option} option of createTriggerEngine`,
          {
            details: { option },
          },
        );
      }
    }
  }

  return {
    async run(run = {}) {
      const signal = run.signal ?? new AbortController().signal;
      const stateFile = openEngineStateFile(options.statePath);
      try {
        const saved = stateFile.load(network);
        let states = restoreStates(rules, saved);
        const log = await openFiringLog(store, saved?.streamRevision ?? null);
        let last = saved?.ledger ?? null;
        let cursor =
          saved !== null
            ? saved.position
            : options.from !== undefined
              ? await positionBefore(store, options.from)
              : ((await store.readLastEvent())?.position ?? 0n);
        const summary = {
          first: null as number | null,
          last: null as number | null,
          ledgers: 0,
          appended: 0,
          alreadyAppended: 0,
        };
        logger.info(
          { network, resumeAfter: last, position: cursor.toString(), rules: rules.length },
          'trigger engine starting',
        );

        /** One LedgerClosed; returns true when the run should stop. */
        const step = async (closed: StoredEvent): Promise<boolean> => {
          cursor = closed.position;
          const ledger = ledgerOfClosed(closed);
          if (ledger === undefined || (last !== null && ledger <= last)) return reached(last);
          if (last === null && options.from !== undefined && ledger < options.from) return false;
          if (last !== null && ledger !== last + 1)
            logger.warn({ after: last, ledger }, 'ledgers missing from the store');
          const { outcome } = await evaluator.evaluate(closed, states, {
            signal,
            network,
            beforeConditions: (view) =>
              (options.waitForProjection as NonNullable<typeof options.waitForProjection>)(
                { ledger, position: view.lastPosition },
                signal,
              ),
          });
          if (signal.aborted) return true;
          const fresh = outcome.firings.filter((f) => !log.has(f.id));
          summary.alreadyAppended += outcome.firings.length - fresh.length;
          await log.append(fresh);
          await options.afterAppend?.(ledger, fresh);
          states = new Map(outcome.states);
          stateFile.save(network, {
            ledger,
            position: closed.position,
            streamRevision: log.revision,
            rules: savedStates(rules, states),
          });
          last = ledger;
          summary.first ??= ledger;
          summary.last = ledger;
          summary.ledgers += 1;
          summary.appended += fresh.length;
          if (fresh.length > 0) {
            logger.debug({ ledger, firings: fresh.map((f) => f.id) }, 'triggers fired');
            try {
              options.onFired?.(fresh);
            } catch (error) {
              logger.warn({ ledger, err: error }, 'onFired threw; the firings are in the triggers stream');
            }
          }
          return reached(ledger);
        };
        const reached = (ledger: number | null): boolean =>
          run.until !== undefined && ledger !== null && ledger >= run.until;
        if (reached(last)) return summary;

        for await (const closed of store.readAll({ after: cursor, types: [LEDGER_CLOSED], signal })) {
          if (await step(closed)) return summary;
        }
        if (run.follow === false || signal.aborted) return summary;
        for await (const closed of store.subscribe({
          after: cursor,
          types: [LEDGER_CLOSED],
          signal,
          ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
        })) {
          if (await step(closed)) break;
        }
        return summary;
      } finally {
        stateFile.close();
        logger.info({ network }, 'trigger engine stopped');
      }
    },
  };
}
