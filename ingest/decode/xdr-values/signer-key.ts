import { StrKey, type xdr } from '@stellar/stellar-sdk';
import { bytesOf } from '../bytes.ts';
import { encodedXdrOf } from '../fast/raw-xdr.ts';

/** A signer key as a strkey: `G…` ed25519, `T…` pre-auth tx, `X…` sha256 hash, `P…` signed payload. */
export function signerKeyToStrkey(k: xdr.SignerKey): string {
  switch (k.type) {
    case 'signerKeyTypeEd25519':
      return StrKey.encodeEd25519PublicKey(bytesOf(k.ed25519));
    case 'signerKeyTypePreAuthTx':
      return StrKey.encodePreAuthTx(bytesOf(k.preAuthTx));
    case 'signerKeyTypeHashX':
      return StrKey.encodeSha256Hash(bytesOf(k.hashX));
    case 'signerKeyTypeEd25519SignedPayload':
      // The strkey payload is the XDR of the (key, payload) struct.
      return StrKey.encodeSignedPayload(encodedXdrOf(k.ed25519SignedPayload));
  }
}
