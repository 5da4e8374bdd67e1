import type { TriggerRule } from '../rules/rule-types.ts';

/** What a rule remembers between ledgers. */
export interface RuleState {
  /** onClear rules: false after firing until a ledger where the condition is false (or the cooldown ends). */
  readonly armed: boolean;
  /** Close time (ISO) of the ledger it last fired at. */
  readonly lastFiredAt: string | null;
}

export const INITIAL_RULE_STATE: RuleState = { armed: true, lastFiredAt: null };

const seconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/**
 * One ledger of one rule: whether it fires, and its next state. Pure.
 * - `always`: fires at every ledger where the condition holds, unless cooling down.
 * - `onClear`: fires when armed and the condition holds, then disarms; a ledger where the condition
 *   is false re-arms it, and so does the end of a cooldown (cooldownSeconds > 0) even if still true.
 * - cooldown: after firing at close time T, no firing at a ledger closing before T + cooldownSeconds.
 */
export function stepRule(
  rule: Pick<TriggerRule, 'rearm' | 'cooldownSeconds'>,
  state: RuleState,
  holds: boolean,
  closeTime: string,
): { readonly fire: boolean; readonly state: RuleState } {
  const { lastFiredAt } = state;
  const cooled =
    lastFiredAt === null ||
    rule.cooldownSeconds === 0 ||
    seconds(closeTime) - seconds(lastFiredAt) >= rule.cooldownSeconds;
  const armed =
    state.armed || (rule.rearm === 'onClear' && rule.cooldownSeconds > 0 && lastFiredAt !== null && cooled);
  if (!holds) return { fire: false, state: { armed: true, lastFiredAt } };
  if (armed && cooled)
    return { fire: true, state: { armed: rule.rearm === 'always', lastFiredAt: closeTime } };
  return { fire: false, state: { armed, lastFiredAt } };
}
