import { StrKey } from '@stellar/stellar-sdk';
import { join, type ProblemSink, shown } from './problems.ts';

/** Readers of raw YAML/JSON values: each returns the normalized value, or undefined after a problem. */

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reports every key of `obj` not in `allowed`. */
export function checkKeys(
  obj: Record<string, unknown>,
  allowed: readonly string[],
  field: string,
  sink: ProblemSink,
): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key))
      sink.add(join(field, key), `unknown field; expected one of ${allowed.join(', ')}`);
  }
}

const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** An exact integer: a YAML/JSON integer or a decimal string; returned in canonical form. */
export function readInteger(raw: unknown, field: string, sink: ProblemSink): string | undefined {
  if (typeof raw === 'bigint') return raw.toString();
  if (typeof raw === 'number' && Number.isSafeInteger(raw)) return String(raw);
  if (typeof raw === 'string' && INTEGER.test(raw)) return BigInt(raw).toString();
  sink.add(
    field,
    `${shown(raw)} is not an integer; write amounts as whole numbers in the smallest unit (stroops), e.g. "1000000000"`,
  );
  return undefined;
}

/** A decimal number such as `5`, `-2.5`, `"0.75"` (no exponent); returned in canonical form. */
export function readDecimal(raw: unknown, field: string, sink: ProblemSink): string | undefined {
  const text = typeof raw === 'bigint' || typeof raw === 'number' ? String(raw) : raw;
  if (typeof text === 'string' && DECIMAL.test(text)) {
    const [whole = '0', fraction = ''] = text.replace(/^-/, '').split('.');
    const trimmed = fraction.replace(/0+$/, '');
    const sign = text.startsWith('-') && /[1-9]/.test(whole + trimmed) ? '-' : '';
    return `${sign}${BigInt(whole).toString()}${trimmed === '' ? '' : `.${trimmed}`}`;
  }
  sink.add(field, `${shown(raw)} is not a decimal number; write it like "5" or "-2.5"`);
  return undefined;
}

/** Whole seconds in [min, max]. */
export function readSeconds(
  raw: unknown,
  field: string,
  sink: ProblemSink,
  bounds: { min: number; max: number },
): number | undefined {
  const value = typeof raw === 'bigint' ? Number(raw) : raw;
  if (typeof value === 'number' && Number.isInteger(value) && value >= bounds.min && value <= bounds.max) {
    return value;
  }
  sink.add(field, `${shown(raw)} is not a whole number of seconds from ${bounds.min} to ${bounds.max}`);
  return undefined;
}

export function readString(raw: unknown, field: string, sink: ProblemSink): string | undefined {
  if (typeof raw === 'string' && raw.length > 0) return raw;
  sink.add(field, `${shown(raw)} is not a non-empty string`);
  return undefined;
}

const ASSET_CODE = /^[A-Za-z0-9]{1,12}$/;

/** `native` or `CODE:ISSUER` with a valid G… issuer. */
export function isAsset(value: string): boolean {
  if (value === 'native') return true;
  const [code, issuer, extra] = value.split(':');
  return (
    extra === undefined &&
    code !== undefined &&
    ASSET_CODE.test(code) &&
    issuer !== undefined &&
    StrKey.isValidEd25519PublicKey(issuer)
  );
}

export function readAsset(
  raw: unknown,
  field: string,
  sink: ProblemSink,
  options: { allowContract?: boolean } = {},
): string | undefined {
  if (
    typeof raw === 'string' &&
    (isAsset(raw) || (options.allowContract === true && StrKey.isValidContract(raw)))
  ) {
    return raw;
  }
  const forms =
    options.allowContract === true
      ? '"native", "CODE:ISSUER" or a C… token contract'
      : '"native" or "CODE:ISSUER"';
  sink.add(
    field,
    `${shown(raw)} is not an asset; use ${forms} (code 1-12 letters/digits, issuer a valid G… strkey)`,
  );
  return undefined;
}

/** A G…, M…, C… or B… address (strkey with a valid checksum). */
export function readAccount(raw: unknown, field: string, sink: ProblemSink): string | undefined {
  if (
    typeof raw === 'string' &&
    (StrKey.isValidEd25519PublicKey(raw) ||
      StrKey.isValidMed25519PublicKey(raw) ||
      StrKey.isValidContract(raw) ||
      StrKey.isValidClaimableBalance(raw))
  ) {
    return raw;
  }
  sink.add(field, `${shown(raw)} is not a valid address strkey (G…, M…, C… or B…, checksum included)`);
  return undefined;
}

export function readContract(raw: unknown, field: string, sink: ProblemSink): string | undefined {
  if (typeof raw === 'string' && StrKey.isValidContract(raw)) return raw;
  sink.add(field, `${shown(raw)} is not a valid contract strkey (C…, checksum included)`);
  return undefined;
}
