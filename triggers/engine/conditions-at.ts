import { evaluateCondition } from '../conditions/evaluate-condition.ts';
import type { AsOf, ConditionResult, ReadModelReader } from '../conditions/read-model-reader.ts';
import type { ReadModelRule } from '../rules/rule-types.ts';

/** Every read-model rule's condition as of one ledger, by rule name (one query at a time). */
export async function conditionsAt(
  reader: ReadModelReader | undefined,
  rules: readonly ReadModelRule[],
  asOf: AsOf,
): Promise<Map<string, ConditionResult>> {
  const out = new Map<string, ConditionResult>();
  if (reader === undefined) return out;
  for (const rule of rules) out.set(rule.name, await evaluateCondition(reader, rule.condition, asOf));
  return out;
}
