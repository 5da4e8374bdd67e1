import { isoTime } from '../read/args.ts';

/** A ClickHouse row as JSON (64-bit integers and decimals arrive as strings), or a read model row. */
export type Row = Record<string, unknown>;

export const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
export const num = (v: unknown): number => Number(v);
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
export const bool = (v: unknown): boolean => v === true || v === 1 || v === 'true' || v === '1';
/** ClickHouse DateTime text, or unix seconds (rows built by a projection), as ISO-8601 UTC. */
export const time = (v: unknown): string =>
  typeof v === 'number' ? new Date(v * 1000).toISOString().replace('.000Z', 'Z') : (isoTime(v) ?? '');
