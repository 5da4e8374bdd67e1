import type { xdr } from '@stellar/stellar-sdk';
import type { FeeBumpInfo } from '../../contracts/events/transaction-applied.ts';
import { accountIdFromEd25519, muxedAccountToStrkey } from './xdr-values/accounts.ts';

type AnyUnion = { type: string; [arm: string]: unknown };

/** The parts of an envelope the facts need, whatever the envelope type. */
export interface TransactionParts {
  readonly envelopeType: string;
  readonly sourceAccount: string;
  readonly sequence: bigint;
  readonly maxFee: bigint;
  readonly memo: xdr.Memo;
  readonly operations: readonly xdr.Operation[];
  readonly sorobanResourceFee: bigint | null;
  /** Fee-bump details; the inner hash comes from the result pair. */
  readonly feeBump: Omit<FeeBumpInfo, 'innerHash'> | null;
}

function sorobanFee(ext: unknown): bigint | null {
  const e = ext as AnyUnion;
  return e.type === 'sorobanData' ? (e.sorobanData as { resourceFee: bigint }).resourceFee : null;
}

export function transactionParts(envelope: xdr.TransactionEnvelope): TransactionParts {
  const e = envelope as unknown as AnyUnion;
  if (e.type === 'envelopeTypeTxV0') {
    const tx = (e.v0 as { tx: xdr.TransactionV0 }).tx;
    return {
      envelopeType: e.type,
      sourceAccount: accountIdFromEd25519(tx.sourceAccountEd25519),
      sequence: tx.seqNum,
      maxFee: BigInt(tx.fee),
      memo: tx.memo,
      operations: tx.operations,
      sorobanResourceFee: null,
      feeBump: null,
    };
  }
  if (e.type === 'envelopeTypeTx') {
    const tx = (e.v1 as { tx: xdr.Transaction }).tx;
    return {
      envelopeType: e.type,
      sourceAccount: muxedAccountToStrkey(tx.sourceAccount),
      sequence: tx.seqNum,
      maxFee: BigInt(tx.fee),
      memo: tx.memo,
      operations: tx.operations,
      sorobanResourceFee: sorobanFee(tx.ext),
      feeBump: null,
    };
  }
  const fb = (e.feeBump as { tx: xdr.FeeBumpTransaction }).tx;
  const innerEnvelope = fb.innerTx as unknown as xdr.TransactionEnvelope;
  const inner = transactionParts(innerEnvelope);
  return {
    ...inner,
    envelopeType: e.type,
    feeBump: {
      feeSource: muxedAccountToStrkey(fb.feeSource),
      maxFee: fb.fee.toString(),
      innerMaxFee: inner.maxFee.toString(),
    },
  };
}
