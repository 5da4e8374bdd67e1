import type { TriggerFired } from '../../contracts/events/trigger-fired.ts';
import type { HistoryResult } from '../engine/evaluate-history.ts';
import type { TriggerRule } from '../rules/rule-types.ts';

/** Matches listed per firing before "… and N more". */
const SHOWN_MATCHES = 5;

/** One firing for a person: when, which rule, why, and what it measured or matched. */
export function formatFiring(firing: TriggerFired): string {
  const { data } = firing;
  const lines = [`ledger ${firing.ledger} ${firing.closeTime} ${data.rule}: ${data.reason}`];
  const values = Object.entries(data.values).filter(([k]) => k !== 'matched');
  if (values.length > 0) lines.push(`  ${values.map(([k, v]) => `${k}=${v}`).join(' ')}`);
  if (data.matches.length > 0) {
    const shown = data.matches.slice(0, SHOWN_MATCHES).map((m) => `${m.type} ${m.id}`);
    const more = data.matches.length - shown.length;
    lines.push(`  matches: ${shown.join(', ')}${more > 0 ? ` … and ${more} more` : ''}`);
  }
  return lines.join('\n');
}

/** The whole dry run: the firings, then one summary line. */
export function formatHistory(result: HistoryResult, rules: readonly TriggerRule[]): string {
  const perRule = new Map(rules.map((r) => [r.name, 0]));
  for (const f of result.firings) perRule.set(f.data.rule, (perRule.get(f.data.rule) ?? 0) + 1);
  const counts = [...perRule].map(([name, n]) => `${name} ${n}`).join(', ');
  const summary = `${result.firings.length} firing${result.firings.length === 1 ? '' : 's'} over ${result.ledgers} ledgers ${result.from}..${result.to} (${counts}); nothing was delivered`;
  return [...result.firings.map(formatFiring), summary].join('\n');
}
