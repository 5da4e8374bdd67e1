import type { xdr } from '@stellar/stellar-sdk';
import { hexOf } from './bytes.ts';
import { decodeError } from './errors.ts';

/** One entry of a ledger's txProcessing, the same shape for every LedgerCloseMeta version. */
export interface ProcessedTransaction {
  readonly hash: string;
  readonly result: xdr.TransactionResult;
  readonly meta: xdr.TransactionMeta;
}

/** A LedgerCloseMeta of any version, flattened to what the decoders read. */
export interface LedgerView {
  readonly metaVersion: number;
  readonly sequence: number;
  readonly hash: string;
  readonly header: xdr.LedgerHeader;
  /** Every envelope of the transaction set, in set order (not application order). */
  readonly envelopes: readonly xdr.TransactionEnvelope[];
  /** Results and metas in application order. */
  readonly processed: readonly ProcessedTransaction[];
}

type AnyUnion = { type: string; [arm: string]: unknown };

function generalizedEnvelopes(
  txSet: xdr.GeneralizedTransactionSet,
  sequence: number,
): xdr.TransactionEnvelope[] {
  const set = txSet as unknown as AnyUnion;
  if (set.type !== 'v1TxSet') {
    throw decodeError('INGEST_ERR_XDR_UNSUPPORTED', `unknown GeneralizedTransactionSet ${set.type}`, {
      ledger: sequence,
      field: 'txSet',
    });
  }
  const out: xdr.TransactionEnvelope[] = [];
  for (const phase of (set.v1TxSet as { phases: AnyUnion[] }).phases) {
    if (phase.type === 'v0Components') {
      for (const component of phase.v0Components as AnyUnion[]) {
        out.push(...(component.txsMaybeDiscountedFee as { txs: xdr.TransactionEnvelope[] }).txs);
      }
    } else if (phase.type === 'parallelTxsComponent') {
      const parallel = phase.parallelTxsComponent as { executionStages: xdr.TransactionEnvelope[][][] };
      for (const stage of parallel.executionStages) for (const cluster of stage) out.push(...cluster);
    } else {
      throw decodeError('INGEST_ERR_XDR_UNSUPPORTED', `unknown transaction phase ${phase.type}`, {
        ledger: sequence,
        field: 'txSet.phases',
      });
    }
  }
  return out;
}

/** Flattens LedgerCloseMeta v0, v1 and v2 into one view. */
export function viewLedger(lcm: xdr.LedgerCloseMeta): LedgerView {
  const u = lcm as unknown as AnyUnion;
  const body = (u.v0 ?? u.v1 ?? u.v2) as
    | {
        ledgerHeader: xdr.LedgerHeaderHistoryEntry;
        txSet: unknown;
        txProcessing: { result: xdr.TransactionResultPair; txApplyProcessing: xdr.TransactionMeta }[];
      }
    | undefined;
  if (body === undefined) {
    throw decodeError('INGEST_ERR_XDR_UNSUPPORTED', `unknown LedgerCloseMeta version ${u.type}`, {
      field: 'LedgerCloseMeta.type',
    });
  }
  const metaVersion = Number(u.type.slice(1));
  const header = body.ledgerHeader.header;
  const sequence = header.ledgerSeq;
  const envelopes =
    metaVersion === 0
      ? (body.txSet as { txs: xdr.TransactionEnvelope[] }).txs
      : generalizedEnvelopes(body.txSet as xdr.GeneralizedTransactionSet, sequence);
  const processed = body.txProcessing.map((p) => ({
    hash: hexOf(p.result.transactionHash),
    result: p.result.result,
    meta: p.txApplyProcessing,
  }));
  return { metaVersion, sequence, hash: hexOf(body.ledgerHeader.hash), header, envelopes, processed };
}
