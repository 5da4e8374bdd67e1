import type { StoredEvent } from '../../contracts/event-store.ts';
import { compileWhere } from '../match/compile-where.ts';
import type { EventRule, ReadModelRule, TriggerRule } from '../rules/rule-types.ts';

export type CompiledRule =
  | { readonly rule: EventRule; readonly matches: (event: StoredEvent) => boolean }
  | { readonly rule: ReadModelRule };

/** Each event rule with its `where` compiled to a predicate, in the order of the file. */
export const compileRules = (rules: readonly TriggerRule[]): CompiledRule[] =>
  rules.map((rule) => (rule.kind === 'event' ? { rule, matches: compileWhere(rule) } : { rule }));

/** The fact types the event rules watch (what a ledger's read must gather). */
export const watchedTypes = (rules: readonly TriggerRule[]): string[] => [
  ...new Set(rules.flatMap((r) => (r.kind === 'event' ? [r.event] : []))),
];

export const readModelRules = (rules: readonly TriggerRule[]): ReadModelRule[] =>
  rules.filter((r): r is ReadModelRule => r.kind === 'readModel');
