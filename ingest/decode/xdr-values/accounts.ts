import { StrKey, type xdr } from '@stellar/stellar-sdk';
import { bytesOf } from '../bytes.ts';
import { ed25519PublicKeyStrkey } from '../fast/strkey-memo.ts';

/** `G…` strkey of a raw 32-byte ed25519 public key (e.g. `TransactionV0.sourceAccountEd25519`). */
export const accountIdFromEd25519 = (key: xdr.Uint256Bytes | Uint8Array): string =>
  ed25519PublicKeyStrkey(bytesOf(key));

/** `G…` strkey of an XDR AccountID / PublicKey. */
export const accountIdToStrkey = (a: xdr.PublicKey): string => accountIdFromEd25519(a.ed25519);

/** `G…` for a plain account, `M…` (ed25519 key followed by the 64-bit id, big-endian) for a muxed one. */
export function muxedAccountToStrkey(m: xdr.MuxedAccount): string {
  if (m.type === 'keyTypeEd25519') return accountIdFromEd25519(m.ed25519);
  const raw = Buffer.alloc(40);
  raw.set(bytesOf(m.med25519.ed25519), 0);
  raw.writeBigUInt64BE(BigInt.asUintN(64, m.med25519.id), 32);
  return StrKey.encodeMed25519PublicKey(raw);
}
