import type { EventStore } from '../../contracts/event-store.ts';
import { LEDGER_CLOSED } from '../../contracts/events/ledger-closed.ts';
import type { TriggerFired } from '../../contracts/events/trigger-fired.ts';
import type { ReadModelReader } from '../conditions/read-model-reader.ts';
import { triggerError } from '../errors.ts';
import type { TriggerRule } from '../rules/rule-types.ts';
import { restoreStates } from './engine-states.ts';
import { createLedgerEvaluator } from './ledger-evaluator.ts';
import { ledgerOfClosed, positionBefore } from './ledger-reader.ts';
import { behind, projectionsFor, readModelPositions } from './projection-wait.ts';

export interface HistoryOptions {
  readonly store: EventStore;
  /** Needed by read-model rules. */
  readonly clickhouse?: ReadModelReader;
  readonly rules: readonly TriggerRule[];
  readonly from: number;
  readonly to: number;
  readonly signal?: AbortSignal;
}

export interface HistoryResult {
  readonly from: number;
  readonly to: number;
  /** Ledgers of the range the store holds (each was evaluated). */
  readonly ledgers: number;
  /** What would have fired, in ledger order then rule order; nothing is appended. */
  readonly firings: readonly TriggerFired[];
}

/**
 * Dry run: evaluates the rules over stored ledgers from..to as the engine would, starting with every
 * rule armed at `from`, and returns the firings (reason, matches, values) without appending them.
 * Read-model rules need the read models to hold `to` already (TRIGGER_ERR_NOT_PROJECTED otherwise).
 */
export async function evaluateHistory(options: HistoryOptions): Promise<HistoryResult> {
  const { store, rules, from, to } = options;
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || from > to) {
    throw triggerError(
      'TRIGGER_ERR_BAD_RANGE',
      `ledger range ${from}..${to} is empty or reversed; give from <= to`,
      {
        details: { from, to },
      },
    );
  }
  const evaluator = createLedgerEvaluator({ store, reader: options.clickhouse, rules });
  const projections = projectionsFor(rules);
  if (evaluator.hasReadModelRules && options.clickhouse === undefined) {
    throw triggerError(
      'TRIGGER_ERR_CONFIG',
      'read-model rules need a ClickHouse handle (--clickhouse) for a dry run',
      {
        details: { option: 'clickhouse' },
      },
    );
  }
  const positions =
    options.clickhouse === undefined || projections.length === 0
      ? new Map<string, bigint>()
      : await readModelPositions(options.clickhouse, projections);
  let states = restoreStates(rules, null);
  const firings: TriggerFired[] = [];
  let ledgers = 0;
  const signal = options.signal;
  for await (const closed of store.readAll({
    after: await positionBefore(store, from),
    types: [LEDGER_CLOSED],
    ...(signal === undefined ? {} : { signal }),
  })) {
    const ledger = ledgerOfClosed(closed);
    if (ledger === undefined || ledger < from) continue;
    if (ledger > to) break;
    const { outcome } = await evaluator.evaluate(closed, states, {
      ...(signal === undefined ? {} : { signal }),
      beforeConditions: async (view) => {
        const late = behind(positions, projections, view.lastPosition);
        if (late === null) return;
        throw triggerError(
          'TRIGGER_ERR_NOT_PROJECTED',
          `read model ${late.projection} ${late.at === null ? 'has no live generation' : `has folded in store events up to position ${late.at}`}, but ledger ${ledger} needs position ${view.lastPosition}; run stellar-indexer project first`,
          { details: { projection: late.projection, ledger, position: view.lastPosition.toString() } },
        );
      },
    });
    states = new Map(outcome.states);
    firings.push(...outcome.firings);
    ledgers += 1;
  }
  if (ledgers === 0) {
    throw triggerError(
      'TRIGGER_ERR_BAD_RANGE',
      `the store holds no ledger in ${from}..${to}; ingest them first`,
      {
        details: { from, to },
      },
    );
  }
  return { from, to, ledgers, firings };
}
