import { StrKey, type xdr } from '@stellar/stellar-sdk';

/** A signer key as a strkey: `G…` ed25519, `T…` pre-auth tx, `X…` sha256 hash, `P…` signed payload. */
export function signerKeyToStrkey(k: xdr.SignerKey): string {
  switch (k.type) {
    case 'signerKeyTypeEd25519':
      return StrKey.encodeEd25519PublicKey(k.ed25519.toBytes());
    case 'signerKeyTypePreAuthTx':
      return StrKey.encodePreAuthTx(k.preAuthTx.toBytes());
    case 'signerKeyTypeHashX':
      return StrKey.encodeSha256Hash(k.hashX.toBytes());
    case 'signerKeyTypeEd25519SignedPayload':
      // The strkey payload is the XDR of the (key, payload) struct.
      return StrKey.encodeSignedPayload(k.ed25519SignedPayload.toXdr());
  }
}
