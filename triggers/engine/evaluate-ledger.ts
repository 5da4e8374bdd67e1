import type { StoredEvent } from '../../contracts/event-store.ts';
import type { TriggerFired } from '../../contracts/events/trigger-fired.ts';
import type { ConditionResult } from '../conditions/read-model-reader.ts';
import { buildFiring, eventReason, type LedgerHeader, matchOf } from './build-firing.ts';
import type { CompiledRule } from './compile-rules.ts';
import { INITIAL_RULE_STATE, type RuleState, stepRule } from './rule-state.ts';

export interface LedgerInput extends LedgerHeader {
  /** The ledger's events of the watched types, in store order. */
  readonly events: readonly StoredEvent[];
  /** Read-model rules: the condition as of this ledger, by rule name. */
  readonly conditions: ReadonlyMap<string, ConditionResult>;
}

export interface LedgerOutcome {
  /** At most one per rule, in rule order. */
  readonly firings: readonly TriggerFired[];
  /** The next state of every rule, by name. */
  readonly states: ReadonlyMap<string, RuleState>;
}

/** Every rule at one ledger: which fire and the rules' next states. Pure: same input, same output. */
export function evaluateLedger(
  rules: readonly CompiledRule[],
  states: ReadonlyMap<string, RuleState>,
  input: LedgerInput,
): LedgerOutcome {
  const firings: TriggerFired[] = [];
  const next = new Map<string, RuleState>();
  for (const compiled of rules) {
    const { rule } = compiled;
    const before = states.get(rule.name) ?? INITIAL_RULE_STATE;
    let holds: boolean;
    let why: Parameters<typeof buildFiring>[2];
    if ('matches' in compiled) {
      const matched = input.events.filter(compiled.matches);
      holds = matched.length > 0;
      why = {
        reason: eventReason(compiled.rule, input.ledger, matched),
        matches: matched.map(matchOf),
        values: { matched: String(matched.length) },
      };
    } else {
      const result = input.conditions.get(rule.name);
      holds = result?.holds === true;
      why = { reason: result?.reason ?? '', matches: [], values: result?.values ?? {} };
    }
    const step = stepRule(rule, before, holds, input.closeTime);
    next.set(rule.name, step.state);
    if (step.fire) firings.push(buildFiring(rule, input, why));
  }
  return { firings, states: next };
}
