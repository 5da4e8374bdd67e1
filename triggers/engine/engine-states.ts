import type { TriggerRule } from '../rules/rule-types.ts';
import { INITIAL_RULE_STATE, type RuleState } from './rule-state.ts';
import type { EngineState } from './state-file.ts';

/** Saved rule states for the rules loaded now; a rule whose version changed starts over. */
export function restoreStates(
  rules: readonly TriggerRule[],
  saved: EngineState | null,
): Map<string, RuleState> {
  const out = new Map<string, RuleState>();
  for (const rule of rules) {
    const s = saved?.rules[rule.name];
    out.set(
      rule.name,
      s !== undefined && s.version === rule.version
        ? { armed: s.armed, lastFiredAt: s.lastFiredAt }
        : INITIAL_RULE_STATE,
    );
  }
  return out;
}

/** Rule states as saved, each with the rule's version. */
export function savedStates(
  rules: readonly TriggerRule[],
  states: ReadonlyMap<string, RuleState>,
): EngineState['rules'] {
  const out: Record<string, RuleState & { version: string }> = {};
  for (const rule of rules) {
    const s = states.get(rule.name) ?? INITIAL_RULE_STATE;
    out[rule.name] = { version: rule.version, armed: s.armed, lastFiredAt: s.lastFiredAt };
  }
  return out;
}
