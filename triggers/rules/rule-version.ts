import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level: the same rule always gives the same text. */
export function normalizedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(normalizedJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${normalizedJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** First 16 hex chars of SHA-256 of the normalized rule (defaults applied, `version` left out). */
export function ruleVersion(rule: object): string {
  const { version: _version, ...definition } = rule as { version?: unknown };
  return createHash('sha256').update(normalizedJson(definition)).digest('hex').slice(0, 16);
}
