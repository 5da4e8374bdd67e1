import { xdr } from '@stellar/stellar-sdk';
import { decodeError } from './errors.ts';
import { readLedgerCloseMeta } from './fast/read-ledger-close-meta.ts';

/**
 * Parses one LedgerCloseMeta with the fast reader (fast/read-ledger-close-meta.ts): plain objects
 * shaped like the SDK's, without the parts no decoder reads. Bad bytes throw INGEST_ERR_XDR_CORRUPT or
 * INGEST_ERR_XDR_UNSUPPORTED naming the file, the ledger, the XDR path and the byte offset.
 */
export function parseLedgerXdr(
  bytes: Uint8Array,
  origin: string,
  ledger: number | null,
): xdr.LedgerCloseMeta {
  return readLedgerCloseMeta(bytes, { origin, ledger });
}

/**
 * Parses one LedgerCloseMeta with the SDK's generic reader (the reference for the fast one). The SDK's XdrError names the XDR path where decoding stopped; an
 * unknown small enum or union value most likely means XDR newer than the SDK, anything else corrupt
 * or truncated bytes.
 */
export function parseLedgerXdrWithSdk(
  bytes: Uint8Array,
  origin: string,
  ledger: number | null,
): xdr.LedgerCloseMeta {
  try {
    return xdr.LedgerCloseMeta.fromXDR(bytes);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    const [path, reason] = splitXdrMessage(message);
    const unknown = /(unknown enum value|no case for union discriminator) (-?\d+)/.exec(reason);
    const value = unknown ? Number(unknown[2]) : Number.NaN;
    const newer = unknown !== null && value >= 0 && value < 64;
    throw decodeError(
      newer ? 'INGEST_ERR_XDR_UNSUPPORTED' : 'INGEST_ERR_XDR_CORRUPT',
      newer
        ? `ledger XDR has a value the bundled @stellar/stellar-sdk does not know (${reason}): upgrade @stellar/stellar-sdk, or re-fetch the file if it may be corrupt`
        : `ledger XDR is corrupt or truncated (${reason}): re-fetch the file`,
      { file: origin, ledger, xdrPath: path },
      cause,
    );
  }
}

function splitXdrMessage(message: string): [string, string] {
  const i = message.indexOf(': ');
  return i < 0 ? ['LedgerCloseMeta', message] : [message.slice(0, i), message.slice(i + 2)];
}
