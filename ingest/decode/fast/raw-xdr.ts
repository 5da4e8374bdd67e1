import { decodeError } from '../errors.ts';

/**
 * The fast reader attaches, under this key, the exact XDR bytes a value was read from (a subarray of
 * the ledger's bytes, no copy) to the few values the decoders hash or hex-encode whole: transactions,
 * claimable balance ids, liquidity pool parameters, signed-payload signer keys.
 */
export const RAW_XDR: unique symbol = Symbol.for('stellar-indexer.rawXdr');

interface XdrEncodable {
  readonly [RAW_XDR]?: Uint8Array;
  toXdr?: () => Uint8Array;
}

/**
 * XDR bytes of a decoded value: the bytes it was read from when the fast reader kept them, otherwise
 * the SDK instance re-encoded (`toXdr()`). Both give the same bytes: XDR has one encoding per value.
 */
export function encodedXdrOf(value: unknown): Uint8Array {
  const v = value as XdrEncodable;
  const raw = v[RAW_XDR];
  if (raw !== undefined) return raw;
  if (typeof v.toXdr === 'function') return v.toXdr();
  throw decodeError(
    'INGEST_ERR_XDR_INVALID_VALUE',
    'an XDR value has neither its raw bytes nor a toXdr() method: it did not come from the fast reader or the SDK (a bug in the caller)',
    { field: 'RAW_XDR' },
  );
}
