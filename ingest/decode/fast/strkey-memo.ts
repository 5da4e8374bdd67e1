import { StrKey } from '@stellar/stellar-sdk';

/** Strkeys remembered per encoder before the memo starts over (~100 bytes each). */
const MEMO_LIMIT = 50_000;

interface Remembered {
  readonly bytes: Uint8Array;
  readonly strkey: string;
}

/** A small-integer digest of the key's bytes (the full bytes are compared on every hit). */
function digestOf(bytes: Uint8Array): number {
  let h = bytes.length;
  const n = Math.min(bytes.length, 12);
  for (let i = 0; i < n; i++) h = (Math.imul(h, 31) + (bytes[i] as number)) | 0;
  return h & 0x3fffffff;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Wraps a StrKey encoder with a bounded memo keyed by the input bytes. The same accounts and contracts
 * recur across a ledger's transactions and events, and StrKey's checksum and base32 work (with their
 * copies) dominated decoding; the result is StrKey's own output. Keys are copied, so the memo never
 * holds on to a ledger's buffer.
 */
export function memoizeStrkey(encode: (data: Uint8Array) => string, limit = MEMO_LIMIT): (data: Uint8Array) => string {
  const memo = new Map<number, Remembered>();
  return (data) => {
    const digest = digestOf(data);
    const known = memo.get(digest);
    if (known !== undefined && sameBytes(known.bytes, data)) return known.strkey;
    const strkey = encode(data);
    if (memo.size >= limit) memo.clear();
    memo.set(digest, { bytes: data.slice(), strkey });
    return strkey;
  };
}

// Pure memos of pure functions, shared by the decoders: no state beyond remembered results.
export const ed25519PublicKeyStrkey = memoizeStrkey((data) => StrKey.encodeEd25519PublicKey(data));
export const contractStrkey = memoizeStrkey((data) => StrKey.encodeContract(data));
