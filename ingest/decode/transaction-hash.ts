import { createHash, hash } from 'node:crypto';
import type { xdr } from '@stellar/stellar-sdk';
import { encodedXdrOf } from './fast/raw-xdr.ts';

const ENVELOPE_TYPE_TX = Buffer.from([0, 0, 0, 2]);
const ENVELOPE_TYPE_TX_FEE_BUMP = Buffer.from([0, 0, 0, 5]);
/** A V0 transaction is hashed as a V1 one whose source is a plain ed25519 MuxedAccount (type 0). */
const ENVELOPE_TYPE_TX_KEY_TYPE_ED25519 = Buffer.from([0, 0, 0, 2, 0, 0, 0, 0]);

export const networkId = (passphrase: string): Buffer => createHash('sha256').update(passphrase).digest();

/** sha256 of network id, prefix and transaction bytes, hashed in one call (cheaper than a Hash object). */
function signaturePayloadHash(network: Buffer, prefix: Buffer, tx: Uint8Array): string {
  const payload = Buffer.allocUnsafe(network.length + prefix.length + tx.length);
  network.copy(payload, 0);
  prefix.copy(payload, network.length);
  payload.set(tx, network.length + prefix.length);
  return hash('sha256', payload, 'hex');
}

/** Hex hash of a transaction envelope under a network id: what stellar-core records as its hash. */
export function envelopeHash(envelope: xdr.TransactionEnvelope, network: Buffer): string {
  const e = envelope as unknown as { type: string; [arm: string]: unknown };
  switch (e.type) {
    case 'envelopeTypeTx':
      return signaturePayloadHash(
        network,
        ENVELOPE_TYPE_TX,
        encodedXdrOf((e.v1 as { tx: xdr.Transaction }).tx),
      );
    case 'envelopeTypeTxV0':
      return signaturePayloadHash(
        network,
        ENVELOPE_TYPE_TX_KEY_TYPE_ED25519,
        encodedXdrOf((e.v0 as { tx: xdr.TransactionV0 }).tx),
      );
    case 'envelopeTypeTxFeeBump':
      return signaturePayloadHash(
        network,
        ENVELOPE_TYPE_TX_FEE_BUMP,
        encodedXdrOf((e.feeBump as { tx: xdr.FeeBumpTransaction }).tx),
      );
    default:
      throw new TypeError(`unknown envelope type ${e.type}`);
  }
}
