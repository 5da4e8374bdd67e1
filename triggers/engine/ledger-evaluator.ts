import type { EventStore, StoredEvent } from '../../contracts/event-store.ts';
import type { ReadModelReader } from '../conditions/read-model-reader.ts';
import type { TriggerRule } from '../rules/rule-types.ts';
import { compileRules, readModelRules, watchedTypes } from './compile-rules.ts';
import { conditionsAt } from './conditions-at.ts';
import { evaluateLedger, type LedgerOutcome } from './evaluate-ledger.ts';
import { type LedgerView, readLedger } from './ledger-reader.ts';
import type { RuleState } from './rule-state.ts';

export interface LedgerEvaluator {
  readonly hasReadModelRules: boolean;
  /**
   * Reads the ledger of a stored LedgerClosed, runs `beforeConditions` (e.g. wait for the read
   * models), evaluates the read-model conditions as of the ledger, then every rule.
   */
  evaluate(
    closed: StoredEvent,
    states: ReadonlyMap<string, RuleState>,
    options?: {
      readonly signal?: AbortSignal;
      /** Envelope network of the firings; default the LedgerClosed's. */
      readonly network?: string;
      readonly beforeConditions?: (view: LedgerView) => Promise<void>;
    },
  ): Promise<{ readonly view: LedgerView; readonly outcome: LedgerOutcome }>;
}

/** The per-ledger work shared by the engine and the dry run. */
export function createLedgerEvaluator(options: {
  readonly store: EventStore;
  readonly reader: ReadModelReader | undefined;
  readonly rules: readonly TriggerRule[];
}): LedgerEvaluator {
  const compiled = compileRules(options.rules);
  const types = watchedTypes(options.rules);
  const conditionRules = readModelRules(options.rules);
  return {
    hasReadModelRules: conditionRules.length > 0,
    async evaluate(closed, states, call = {}) {
      const view = await readLedger(options.store, closed, types, call.signal);
      if (conditionRules.length > 0) await call.beforeConditions?.(view);
      const conditions = await conditionsAt(options.reader, conditionRules, view);
      const outcome = evaluateLedger(compiled, states, {
        ledger: view.ledger,
        closeTime: view.closeTime,
        network: call.network ?? view.network,
        events: view.events,
        conditions,
      });
      return { view, outcome };
    },
  };
}
