import { describe, expect, it } from 'vitest';
import type { ConditionResult } from '../../triggers/conditions/read-model-reader.ts';
import { compileRules } from '../../triggers/engine/compile-rules.ts';
import { evaluateLedger } from '../../triggers/engine/evaluate-ledger.ts';
import { INITIAL_RULE_STATE, type RuleState, stepRule } from '../../triggers/engine/rule-state.ts';
import { parseRulesText } from '../../triggers/rules/parse-rules.ts';
import type { Rearm } from '../../triggers/rules/rule-types.ts';

const T0 = Date.parse('2026-06-19T00:00:00Z');
/** Ledger i closes 5 s after ledger i-1. */
const closeTime = (i: number): string => new Date(T0 + i * 5000).toISOString();

/** The ledgers (indexes) at which the rule fires for a sequence of condition values. */
function firedAt(rule: { rearm: Rearm; cooldownSeconds: number }, holds: readonly boolean[]): number[] {
  let state: RuleState = INITIAL_RULE_STATE;
  const fired: number[] = [];
  holds.forEach((h, i) => {
    const step = stepRule(rule, state, h, closeTime(i));
    if (step.fire) fired.push(i);
    state = step.state;
  });
  return fired;
}

const T = true;
const F = false;

describe('rule state machine', () => {
  it('always: fires at every ledger where the condition holds', () => {
    expect(firedAt({ rearm: 'always', cooldownSeconds: 0 }, [F, T, T, F, T, T, T])).toEqual([1, 2, 4, 5, 6]);
  });

  it('onClear: fires when the condition becomes true, re-arms after a ledger where it is false', () => {
    expect(firedAt({ rearm: 'onClear', cooldownSeconds: 0 }, [T, T, T, F, T, T, F, F, T])).toEqual([0, 4, 8]);
  });

  it('always with a cooldown: no firing until the cooldown has passed in close time', () => {
    // 12 s cooldown with 5 s ledgers: after a firing at i, the next possible one is i + 3.
    expect(firedAt({ rearm: 'always', cooldownSeconds: 12 }, [T, T, T, T, T, T, T])).toEqual([0, 3, 6]);
    // Exactly the cooldown apart (10 s) is allowed.
    expect(firedAt({ rearm: 'always', cooldownSeconds: 10 }, [T, T, T, T, T])).toEqual([0, 2, 4]);
  });

  it('onClear with a cooldown: re-arms after the cooldown even while still true', () => {
    expect(firedAt({ rearm: 'onClear', cooldownSeconds: 12 }, [T, T, T, T, T, T, T])).toEqual([0, 3, 6]);
  });

  it('onClear with a cooldown: a clear ledger re-arms, but the cooldown still holds back the next firing', () => {
    expect(firedAt({ rearm: 'onClear', cooldownSeconds: 12 }, [T, F, T, T, F, F, F, T])).toEqual([0, 3, 7]);
  });

  it('keeps the last firing time across clear ledgers', () => {
    const step = stepRule(
      { rearm: 'onClear', cooldownSeconds: 0 },
      { armed: false, lastFiredAt: closeTime(0) },
      false,
      closeTime(1),
    );
    expect(step).toEqual({ fire: false, state: { armed: true, lastFiredAt: closeTime(0) } });
  });
});

describe('evaluateLedger', () => {
  const rules = parseRulesText(
    `rules:
  - { name: watch-mints, kind: event, event: TokenTransferred, where: { "data.kind": { eq: mint } } }
  - { name: busy, kind: readModel, condition: { volume: { pair: "native/USDC:GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN", windowSeconds: 60, gte: 10 } } }
`,
    'inline',
  );
  const compiled = compileRules(rules);
  const mint = (position: bigint, ledger: number) => ({
    position,
    stream: `ledger-${ledger}`,
    revision: 0n,
    type: 'TokenTransferred',
    id: `mint-${position}`,
    ledger,
    payload: { type: 'TokenTransferred', ledger, data: { kind: 'mint', amount: '5' } },
  });
  const volume = (holds: boolean): ConditionResult => ({
    holds,
    reason: holds ? 'volume 12 >= 10' : 'volume 3 < 10',
    values: { volume: holds ? '12' : '3', gte: '10' },
  });

  it('fires each rule at most once per ledger, with deterministic ids, matches, values and envelope', () => {
    const first = evaluateLedger(compiled, new Map(), {
      ledger: 100,
      closeTime: closeTime(0),
      network: 'pubnet',
      events: [mint(7n, 100), mint(9n, 100)],
      conditions: new Map([['busy', volume(true)]]),
    });
    expect(first.firings.map((f) => f.id)).toEqual(['watch-mints:100', 'busy:100']);
    const [mints, busy] = first.firings;
    expect(mints).toMatchObject({
      type: 'TriggerFired',
      schemaVersion: 1,
      network: 'pubnet',
      ledger: 100,
      closeTime: closeTime(0),
      txHash: null,
      data: {
        rule: 'watch-mints',
        ruleKind: 'event',
        ruleVersion: rules[0]?.version,
        matches: [
          { type: 'TokenTransferred', id: 'mint-7', position: '7' },
          { type: 'TokenTransferred', id: 'mint-9', position: '9' },
        ],
        values: { matched: '2' },
        deliver: ['nats'],
      },
    });
    expect(mints?.data.reason).toBe(
      '2 TokenTransferred events in ledger 100 matched data.kind = mint (first mint-7)',
    );
    expect(busy?.data).toMatchObject({
      ruleKind: 'readModel',
      reason: 'volume 12 >= 10',
      matches: [],
      values: { volume: '12' },
    });

    // Next ledger: no mint, the volume still holds: the onClear rule stays quiet.
    const second = evaluateLedger(compiled, first.states, {
      ledger: 101,
      closeTime: closeTime(1),
      network: 'pubnet',
      events: [],
      conditions: new Map([['busy', volume(true)]]),
    });
    expect(second.firings).toEqual([]);
    expect(second.states.get('busy')).toEqual({ armed: false, lastFiredAt: closeTime(0) });
    // Same input, same output.
    expect(
      evaluateLedger(compiled, new Map(), {
        ledger: 100,
        closeTime: closeTime(0),
        network: 'pubnet',
        events: [mint(7n, 100), mint(9n, 100)],
        conditions: new Map([['busy', volume(true)]]),
      }),
    ).toEqual(first);
  });
});
