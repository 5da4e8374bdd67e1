import { checkWebhookConfigs, type ResolvedWebhookConfig } from '../deliver/webhook-config.ts';
import type { RuleProblem } from './rule-types.ts';
import { isRecord } from './values.ts';

/** Integers of the webhook settings as numbers: the file is read with integers as bigint. */
function withNumbers(value: unknown): unknown {
  if (typeof value === 'bigint') {
    return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(value)
      : value;
  }
  if (Array.isArray(value)) return value.map(withNumbers);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withNumbers(v)]));
  return value;
}

/**
 * The file's `webhooks:` list, checked by the delivery side (deliver/webhook-config.ts) so that its
 * problems are reported with the rules' in one error. `names` are every name written there, valid or
 * not, for checking the rules' `webhook:<name>` targets without reporting a broken webhook twice.
 */
export function readWebhooksSection(
  raw: unknown,
  problems: RuleProblem[],
): { readonly webhooks: readonly ResolvedWebhookConfig[]; readonly names: readonly string[] } {
  if (raw === undefined) return { webhooks: [], names: [] };
  const checked = checkWebhookConfigs(withNumbers(raw));
  for (const p of checked.problems) {
    problems.push({ rule: '(webhooks)', field: p.path, problem: `${p.message} (${p.code})` });
  }
  const names = Array.isArray(raw)
    ? raw.flatMap((w: unknown) => (isRecord(w) && typeof w.name === 'string' ? [w.name] : []))
    : [];
  return { webhooks: checked.webhooks, names };
}
