import { StrKey } from '@stellar/stellar-sdk';

/** Slots of each memo (a power of two): at most ~6 MB per encoder, keys and strkeys included. */
const MEMO_SLOTS = 1 << 15;

/**
 * Wraps a StrKey encoder with a memo keyed by the input bytes: a direct-mapped table indexed by the
 * first bytes (keys and hashes are uniformly random), the full bytes compared on every hit, a clash
 * replacing the older entry. The same accounts and contracts recur across a ledger's transactions and
 * events, and StrKey's checksum and base32 work (with their copies) dominated decoding; the result is
 * StrKey's own output. Keys are copied, so the memo never holds on to a ledger's buffer.
 */
export function memoizeStrkey(
  encode: (data: Uint8Array) => string,
  slots = MEMO_SLOTS,
): (data: Uint8Array) => string {
  const mask = slots - 1;
  const keys: (Uint8Array | null)[] = new Array(slots).fill(null);
  const strkeys: string[] = new Array(slots).fill('');
  return (data) => {
    const n = data.length;
    const slot =
      n < 4
        ? n & mask
        : ((data[0] as number) ^
            ((data[1] as number) << 8) ^
            ((data[2] as number) << 4) ^
            ((data[3] as number) << 12)) &
          mask;
    const known = keys[slot];
    if (known !== null && known !== undefined && known.length === n) {
      let i = 0;
      while (i < n && known[i] === data[i]) i++;
      if (i === n) return strkeys[slot] as string;
    }
    const strkey = encode(data);
    keys[slot] = data.slice();
    strkeys[slot] = strkey;
    return strkey;
  };
}

// Pure memos of pure functions, shared by the decoders: no state beyond remembered results.
export const ed25519PublicKeyStrkey = memoizeStrkey((data) => StrKey.encodeEd25519PublicKey(data));
export const contractStrkey = memoizeStrkey((data) => StrKey.encodeContract(data));
export const liquidityPoolStrkey = memoizeStrkey((data) => StrKey.encodeLiquidityPool(data), 1 << 12);
/** `B…` of a V0 claimable balance id's 32-byte hash (the strkey payload is a 0 type byte, then the hash). */
export const claimableBalanceV0Strkey = memoizeStrkey(
  (hash) => StrKey.encodeClaimableBalance(Buffer.concat([Buffer.from([0]), hash])),
  1 << 12,
);
