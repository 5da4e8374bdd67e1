import type { IndexerError } from '../../contracts/errors.ts';
import type { HorizonEndpoint } from './endpoints.ts';
import { horizonError } from './errors.ts';
import { ledgerOfToken, type PagingToken } from './paging-token.ts';

/** What every mapped record shares: where it came from, for errors, and the labels facts carry. */
export interface RecordContext {
  readonly source: string;
  readonly endpoint: HorizonEndpoint;
  /** The network label every fact carries. */
  readonly network: string;
  /** sha256 of the network passphrase: transaction hashes are checked under it. */
  readonly networkId: Buffer;
}

/** Reads typed fields of one record; every problem is INGEST_ERR_HORIZON_RECORD naming the field. */
export interface RecordReader {
  readonly token: PagingToken;
  readonly record: Readonly<Record<string, unknown>>;
  fail(field: string, why: string, cause?: unknown): IndexerError;
  string(field: string): string;
  optionalString(field: string): string | null;
  integer(field: string): number;
  optionalInteger(field: string): number | null;
  boolean(field: string): boolean;
  /** A Horizon amount (`"12.3456789"`, up to 7 decimals) as integer stroops. */
  stroops(field: string): string;
  /** A Horizon time (`2026-06-19T00:20:52Z`) as ISO-8601 with milliseconds, as facts carry it. */
  time(field: string): string;
}

const AMOUNT = /^(-?)(\d+)(?:\.(\d{1,7}))?$/;

/** `"12.3456789"` → `"123456789"` stroops, exactly; null when the text is not such an amount. */
export function amountToStroops(text: string): string | null {
  const m = AMOUNT.exec(text);
  if (m === null) return null;
  const value = BigInt(m[2] as string) * 10_000_000n + BigInt((m[3] ?? '').padEnd(7, '0'));
  return (m[1] === '-' && value !== 0n ? -value : value).toString();
}

export function recordReader(
  ctx: RecordContext,
  token: PagingToken,
  record: Readonly<Record<string, unknown>>,
  /** For a record embedded in another (`transaction.`), to name fields in errors. */
  prefix = '',
): RecordReader {
  const fail = (field: string, why: string, cause?: unknown): IndexerError =>
    horizonError(
      'INGEST_ERR_HORIZON_RECORD',
      `${ctx.endpoint} record ${token.text} (ledger ${ledgerOfToken(token)}): field ${prefix}${field} ${why}`,
      {
        source: ctx.source,
        endpoint: ctx.endpoint,
        cursor: token.text,
        ledger: ledgerOfToken(token),
        field: `${prefix}${field}`,
      },
      cause,
    );
  const raw = (field: string): unknown => record[field];
  const reader: RecordReader = {
    token,
    record,
    fail,
    string(field) {
      const v = raw(field);
      if (typeof v !== 'string') throw fail(field, `must be a string, got ${JSON.stringify(v) ?? 'nothing'}`);
      return v;
    },
    optionalString(field) {
      const v = raw(field);
      if (v === undefined || v === null || v === '') return null;
      if (typeof v !== 'string') throw fail(field, `must be a string, got ${JSON.stringify(v)}`);
      return v;
    },
    integer(field) {
      const v = reader.optionalInteger(field);
      if (v === null) throw fail(field, 'is missing');
      return v;
    },
    optionalInteger(field) {
      const v = raw(field);
      if (v === undefined || v === null) return null;
      const n = typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
        throw fail(field, `must be a whole number, got ${JSON.stringify(v)}`);
      }
      return n;
    },
    boolean(field) {
      const v = raw(field);
      if (typeof v !== 'boolean')
        throw fail(field, `must be true or false, got ${JSON.stringify(v) ?? 'nothing'}`);
      return v;
    },
    stroops(field) {
      const text = reader.string(field);
      const stroops = amountToStroops(text);
      if (stroops === null) throw fail(field, `must be an amount with at most 7 decimals, got "${text}"`);
      return stroops;
    },
    time(field) {
      const text = reader.string(field);
      const ms = Date.parse(text);
      if (!/^\d{4}-\d\d-\d\dT/.test(text) || Number.isNaN(ms)) {
        throw fail(field, `must be an ISO-8601 time, got "${text}"`);
      }
      return new Date(ms).toISOString();
    },
  };
  return reader;
}
