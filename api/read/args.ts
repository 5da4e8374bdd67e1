import { StrKey } from '@stellar/stellar-sdk';
import { apiError } from '../errors.ts';

const ASSET_CODE = /^[A-Za-z0-9]{1,12}$/;

/** A `G…` account or `M…` muxed account; the argument name goes into the error. */
export function accountArg(value: string, arg: string): string {
  if (StrKey.isValidEd25519PublicKey(value) || StrKey.isValidMed25519PublicKey(value)) return value;
  throw apiError('API_ERR_BAD_ARGUMENT', `${arg} "${clip(value)}" is not a valid account strkey (G… or M…)`, {
    details: { argument: arg },
  });
}

/** A `C…` contract. */
export function contractArg(value: string, arg: string): string {
  if (StrKey.isValidContract(value)) return value;
  throw apiError('API_ERR_BAD_ARGUMENT', `${arg} "${clip(value)}" is not a valid contract strkey (C…)`, {
    details: { argument: arg },
  });
}

/** Any address a transfer can name: account, muxed account, contract, claimable balance, pool. */
export function addressArg(value: string, arg: string): string {
  if (
    StrKey.isValidEd25519PublicKey(value) ||
    StrKey.isValidMed25519PublicKey(value) ||
    StrKey.isValidContract(value) ||
    StrKey.isValidClaimableBalance(value) ||
    StrKey.isValidLiquidityPool(value)
  )
    return value;
  throw apiError(
    'API_ERR_BAD_ARGUMENT',
    `${arg} "${clip(value)}" is not a valid address strkey (G…, M…, C…, B…, L…)`,
    {
      details: { argument: arg },
    },
  );
}

/** `native` or `CODE:ISSUER` (SEP-11) with a valid issuer. */
export function assetArg(value: string, arg: string): string {
  if (value === 'native') return value;
  const [code, issuer, extra] = value.split(':');
  if (
    extra === undefined &&
    code !== undefined &&
    issuer !== undefined &&
    ASSET_CODE.test(code) &&
    StrKey.isValidEd25519PublicKey(issuer)
  )
    return value;
  throw apiError(
    'API_ERR_BAD_ARGUMENT',
    `${arg} "${clip(value)}" is not an asset: use "native" or "CODE:ISSUER" (code 1-12 letters/digits, issuer a G… strkey)`,
    { details: { argument: arg } },
  );
}

/** A token: an asset, or a custom token's `C…` contract. */
export function tokenArg(value: string, arg: string): string {
  return StrKey.isValidContract(value) ? value : assetArg(value, arg);
}

export function hashArg(value: string, arg: string): string {
  if (/^[0-9a-fA-F]{64}$/.test(value)) return value.toLowerCase();
  throw apiError('API_ERR_BAD_ARGUMENT', `${arg} "${clip(value)}" is not a hash: 64 hex digits`, {
    details: { argument: arg },
  });
}

/** An ISO-8601 time as ClickHouse `DateTime` text (`YYYY-MM-DD hh:mm:ss`, UTC). */
export function timeArg(value: string, arg: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value)
    ? Date.parse(value)
    : Number.NaN;
  if (Number.isNaN(ms)) {
    throw apiError(
      'API_ERR_BAD_ARGUMENT',
      `${arg} "${clip(value)}" is not an ISO-8601 time (e.g. 2026-06-19T00:21:00Z)`,
      {
        details: { argument: arg },
      },
    );
  }
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function ledgerArg(value: number, arg: string): number {
  if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff) return value;
  throw apiError('API_ERR_BAD_ARGUMENT', `${arg} ${value} is not a ledger sequence`, {
    details: { argument: arg },
  });
}

export function oneOfArg<T extends string>(value: string, allowed: readonly T[], arg: string): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw apiError('API_ERR_BAD_ARGUMENT', `${arg} "${clip(value)}" is not one of ${allowed.join(', ')}`, {
    details: { argument: arg },
  });
}

/** ClickHouse `DateTime` text (`2026-06-19 00:21:37`) as ISO-8601 UTC. */
export function isoTime(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  return value.includes('T') ? value : `${value.replace(' ', 'T')}Z`;
}

const clip = (value: string): string => (value.length > 80 ? `${value.slice(0, 80)}…` : value);
