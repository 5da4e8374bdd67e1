import { createHash } from 'node:crypto';
import type { xdr } from '@stellar/stellar-sdk';
import { encodedXdrOf } from './fast/raw-xdr.ts';

const ENVELOPE_TYPE_TX = Buffer.from([0, 0, 0, 2]);
const ENVELOPE_TYPE_TX_FEE_BUMP = Buffer.from([0, 0, 0, 5]);
/** A V0 transaction is hashed as a V1 one whose source is a plain ed25519 MuxedAccount (type 0). */
const KEY_TYPE_ED25519 = Buffer.from([0, 0, 0, 0]);

export const networkId = (passphrase: string): Buffer => createHash('sha256').update(passphrase).digest();

/** Hex hash of a transaction envelope under a network id: what stellar-core records as its hash. */
export function envelopeHash(envelope: xdr.TransactionEnvelope, network: Buffer): string {
  const e = envelope as unknown as { type: string; [arm: string]: unknown };
  const h = createHash('sha256').update(network);
  switch (e.type) {
    case 'envelopeTypeTx':
      h.update(ENVELOPE_TYPE_TX).update(encodedXdrOf((e.v1 as { tx: xdr.Transaction }).tx));
      break;
    case 'envelopeTypeTxV0':
      h.update(ENVELOPE_TYPE_TX)
        .update(KEY_TYPE_ED25519)
        .update(encodedXdrOf((e.v0 as { tx: xdr.TransactionV0 }).tx));
      break;
    case 'envelopeTypeTxFeeBump':
      h.update(ENVELOPE_TYPE_TX_FEE_BUMP).update(
        encodedXdrOf((e.feeBump as { tx: xdr.FeeBumpTransaction }).tx),
      );
      break;
    default:
      throw new TypeError(`unknown envelope type ${e.type}`);
  }
  return h.digest('hex');
}
