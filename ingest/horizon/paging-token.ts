import { parseToid } from '../../contracts/ids.ts';

/**
 * A Horizon paging token: a TOID (`ledger << 32 | tx << 12 | op`) for ledgers, transactions,
 * operations and payments, or `TOID-index` for trades (0-based) and effects (1-based).
 */
export interface PagingToken {
  readonly text: string;
  readonly toid: bigint;
  readonly index: number | null;
}

const TOKEN = /^(\d{1,19})(?:-(\d{1,10}))?$/;
const MAX_TOID = (1n << 63n) - 1n;

/** The token, or null when the text is not a paging token. */
export function parsePagingToken(text: string): PagingToken | null {
  const m = TOKEN.exec(text);
  if (m === null) return null;
  const toid = BigInt(m[1] as string);
  if (toid > MAX_TOID) return null;
  return { text, toid, index: m[2] === undefined ? null : Number(m[2]) };
}

/** Negative when `a` comes before `b` in Horizon's order. */
export function compareTokens(a: PagingToken, b: PagingToken): number {
  if (a.toid !== b.toid) return a.toid < b.toid ? -1 : 1;
  return (a.index ?? -1) - (b.index ?? -1);
}

export const ledgerOfToken = (token: PagingToken): number => parseToid(token.toid).ledger;

/** The ledger a cursor text points into, for error details; undefined for `now` or junk. */
export function ledgerOfCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const token = parsePagingToken(cursor);
  return token === null ? undefined : ledgerOfToken(token);
}
