import type { xdr } from '@stellar/stellar-sdk';
import { decodeError } from './errors.ts';
import type { LedgerView, ProcessedTransaction } from './ledger-view.ts';
import { envelopeHash } from './transaction-hash.ts';

export interface AppliedTransaction {
  /** 1-based application order. */
  readonly order: number;
  readonly envelope: xdr.TransactionEnvelope;
  readonly processed: ProcessedTransaction;
}

export interface PairingOptions {
  /** sha256 of the network passphrase. */
  readonly networkId: Buffer;
  /** Skip hashing: pair by position instead (for synthetic ledgers that match no network). */
  readonly skipNetworkCheck: boolean;
  readonly origin: string;
}

/**
 * Pairs each result (application order) with its envelope (set order) by hashing the envelopes under
 * the network passphrase. An envelope whose hash matches no result means the data is from another
 * network; we fail rather than guess.
 */
export function pairTransactions(view: LedgerView, options: PairingOptions): AppliedTransaction[] {
  const { envelopes, processed, sequence } = view;
  if (envelopes.length !== processed.length) {
    throw decodeError(
      'INGEST_ERR_TX_MISMATCH',
      `ledger ${sequence} has ${envelopes.length} envelopes but ${processed.length} results`,
      { file: options.origin, ledger: sequence, field: 'txProcessing' },
    );
  }
  if (options.skipNetworkCheck) {
    return processed.map((p, i) => ({
      order: i + 1,
      envelope: envelopes[i] as xdr.TransactionEnvelope,
      processed: p,
    }));
  }
  const byHash = new Map<string, xdr.TransactionEnvelope>();
  for (const envelope of envelopes) byHash.set(envelopeHash(envelope, options.networkId), envelope);
  return processed.map((p, i) => {
    const envelope = byHash.get(p.hash);
    if (envelope === undefined) {
      throw decodeError(
        'INGEST_ERR_WRONG_NETWORK',
        `transaction ${p.hash} of ledger ${sequence} matches no envelope hashed with this network's passphrase: the ledger belongs to another network. Use the right --network, or --skip-network-check for synthetic data`,
        { file: options.origin, ledger: sequence, field: `txProcessing[${i}].result.transactionHash` },
      );
    }
    return { order: i + 1, envelope, processed: p };
  });
}
