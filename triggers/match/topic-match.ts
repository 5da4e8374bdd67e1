import type { ScValJson } from '../../contracts/scval-json.ts';
import { scValText } from '../../projections/read-models/scval-text.ts';

/**
 * Topic patterns as Stellar RPC's getEvents filters them: one pattern per topic, `*` matches any one
 * topic, `**` as the last pattern matches any number of remaining topics (zero included); otherwise
 * the counts must be equal. Topics compare on their text form (scval-text.ts: symbols and strings as
 * themselves, addresses as strkeys, numbers in decimal).
 */
export function topicsMatch(patterns: readonly string[], topics: readonly ScValJson[]): boolean {
  const rest = patterns[patterns.length - 1] === '**';
  const fixed = rest ? patterns.length - 1 : patterns.length;
  if (rest ? topics.length < fixed : topics.length !== fixed) return false;
  for (let i = 0; i < fixed; i++) {
    const pattern = patterns[i] as string;
    if (pattern !== '*' && scValText(topics[i] as ScValJson) !== pattern) return false;
  }
  return true;
}
