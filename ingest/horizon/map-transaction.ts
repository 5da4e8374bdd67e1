import {
  TRANSACTION_APPLIED,
  TRANSACTION_APPLIED_VERSION,
  type TransactionApplied,
} from '../../contracts/events/transaction-applied.ts';
import { transactionId } from '../../contracts/ids.ts';
import { transactionAppliedData } from '../decode/transaction-applied-data.ts';
import { decodeTransactionRecord } from './decode-transaction.ts';
import type { RecordContext, RecordReader } from './record-fields.ts';

/**
 * A `/transactions` record → TransactionApplied, decoded from its envelope and result XDR with the
 * ledger path's decoders: the same id (TOID(ledger, order, 0)) and the same data as `ingest` stores.
 */
export function mapTransaction(r: RecordReader, ctx: RecordContext): TransactionApplied {
  const tx = decodeTransactionRecord(r, ctx);
  const { parts, summary } = tx;
  if (r.token.toid !== BigInt(transactionId(tx.ledger, tx.order))) {
    throw r.fail('paging_token', `is not the TOID of transaction ${tx.order} of ledger ${tx.ledger}`);
  }
  return {
    id: transactionId(tx.ledger, tx.order),
    type: TRANSACTION_APPLIED,
    schemaVersion: TRANSACTION_APPLIED_VERSION,
    network: ctx.network,
    ledger: tx.ledger,
    closeTime: tx.closeTime,
    txHash: tx.hash,
    data: transactionAppliedData(tx.hash, tx.order, parts, summary),
  };
}
