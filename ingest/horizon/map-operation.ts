import type { xdr } from '@stellar/stellar-sdk';
import {
  OPERATION_APPLIED,
  OPERATION_APPLIED_VERSION,
  type OperationApplied,
} from '../../contracts/events/operation-applied.ts';
import { operationId, parseToid } from '../../contracts/ids.ts';
import { decodeOperationBody } from '../decode/operation-body.ts';
import { operationResultCode } from '../decode/transaction-result.ts';
import { muxedAccountToStrkey } from '../decode/xdr-values/accounts.ts';
import { type DecodedTransaction, decodeTransactionRecord } from './decode-transaction.ts';
import { type RecordContext, type RecordReader, recordReader } from './record-fields.ts';

/** Decodes the transaction joined into operation records once for all its operations. */
export type TransactionDecoder = (r: RecordReader) => DecodedTransaction;

export function createTransactionDecoder(ctx: RecordContext): TransactionDecoder {
  let last: DecodedTransaction | null = null;
  return (r) => {
    const embedded = r.record.transaction;
    if (typeof embedded !== 'object' || embedded === null || Array.isArray(embedded)) {
      throw r.fail('transaction', 'is missing: the server ignored join=transactions, which operations need');
    }
    const tr = recordReader(ctx, r.token, embedded as Record<string, unknown>, 'transaction.');
    const hash = tr.string('hash');
    if (last?.hash !== hash) last = decodeTransactionRecord(tr, ctx);
    return last;
  };
}

/**
 * An `/operations` or `/payments` record (streamed with `join=transactions`) → OperationApplied, decoded
 * from the joined transaction's envelope and result XDR as the ledger path decodes it: same id
 * (TOID(ledger, order, index + 1)) and same data.
 */
export function mapOperation(
  r: RecordReader,
  ctx: RecordContext,
  decodeTx: TransactionDecoder,
): OperationApplied {
  const tx = decodeTx(r);
  const { ledger, txOrder, opIndex } = parseToid(r.token.toid);
  const { parts, summary } = tx;
  if (r.token.index !== null || ledger !== tx.ledger || txOrder !== tx.order || opIndex < 1) {
    throw r.fail('paging_token', `is not the TOID of an operation of transaction ${tx.hash}`);
  }
  const index = opIndex - 1;
  const op = parts.operations[index] as xdr.Operation | undefined;
  if (op === undefined) {
    throw r.fail(
      'paging_token',
      `names operation ${opIndex} but transaction ${tx.hash} has ${parts.operations.length}`,
    );
  }
  const statedHash = r.optionalString('transaction_hash');
  if (statedHash !== null && statedHash !== tx.hash) {
    throw r.fail('transaction_hash', `is ${statedHash} but the joined transaction is ${tx.hash}`);
  }
  const statedSuccess = r.record.transaction_successful;
  if (typeof statedSuccess === 'boolean' && statedSuccess !== summary.successful) {
    throw r.fail(
      'transaction_successful',
      `is ${statedSuccess} but the transaction result says ${summary.resultCode}`,
    );
  }
  const source = op.sourceAccount === null ? parts.sourceAccount : muxedAccountToStrkey(op.sourceAccount);
  const body = decodeOperationBody(op.body);
  return {
    id: operationId(ledger, txOrder, opIndex),
    type: OPERATION_APPLIED,
    schemaVersion: OPERATION_APPLIED_VERSION,
    network: ctx.network,
    ledger,
    closeTime: tx.closeTime,
    txHash: tx.hash,
    data: {
      index,
      operationType: body.type,
      sourceAccount: source,
      body,
      transactionSuccessful: summary.successful,
      resultCode: operationResultCode(summary.operationResults[index]),
    },
  };
}
