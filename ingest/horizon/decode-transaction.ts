import { xdr } from '@stellar/stellar-sdk';
import { parseToid } from '../../contracts/ids.ts';
import { envelopeHash } from '../decode/transaction-hash.ts';
import { type TransactionParts, transactionParts } from '../decode/transaction-parts.ts';
import { type ResultSummary, summarizeResult } from '../decode/transaction-result.ts';
import { horizonError } from './errors.ts';
import type { RecordContext, RecordReader } from './record-fields.ts';

/** A Horizon transaction record decoded the way the ledger path decodes a transaction. */
export interface DecodedTransaction {
  readonly hash: string;
  readonly ledger: number;
  /** 1-based application order, from the transaction's paging token. */
  readonly order: number;
  readonly closeTime: string;
  readonly parts: TransactionParts;
  readonly summary: ResultSummary;
}

function decodeXdr<T>(r: RecordReader, field: string, decode: (bytes: Buffer) => T, what: string): T {
  const text = r.string(field);
  try {
    return decode(Buffer.from(text, 'base64'));
  } catch (cause) {
    throw r.fail(field, `is not a base64 ${what} (${(cause as Error).message})`, cause);
  }
}

/**
 * Decodes `envelope_xdr` and `result_xdr` of a transaction record (a `/transactions` record, or the one
 * joined into an operation), checks that the envelope hashes to `hash` under the network passphrase,
 * and reads ledger and application order from its paging token.
 */
export function decodeTransactionRecord(r: RecordReader, ctx: RecordContext): DecodedTransaction {
  const hash = r.string('hash');
  const token = r.optionalString('paging_token');
  if (token === null || !/^\d+$/.test(token)) throw r.fail('paging_token', 'must be a transaction TOID');
  const { ledger, txOrder, opIndex } = parseToid(BigInt(token));
  const stated = r.optionalInteger('ledger');
  if (opIndex !== 0 || txOrder === 0 || (stated !== null && stated !== ledger)) {
    throw r.fail('paging_token', `${token} is not the TOID of a transaction of ledger ${stated ?? ledger}`);
  }
  const envelope = decodeXdr(
    r,
    'envelope_xdr',
    (b) => xdr.TransactionEnvelope.fromXDR(b),
    'TransactionEnvelope',
  );
  const result = decodeXdr(r, 'result_xdr', (b) => xdr.TransactionResult.fromXDR(b), 'TransactionResult');
  const computed = envelopeHash(envelope, ctx.networkId);
  if (computed !== hash) {
    throw horizonError(
      'INGEST_ERR_HORIZON_WRONG_NETWORK',
      `transaction ${hash} (ledger ${ledger}) does not hash to its recorded hash under this network's passphrase (got ${computed}): Horizon serves another network than --network`,
      { source: ctx.source, endpoint: ctx.endpoint, cursor: r.token.text, ledger, field: 'envelope_xdr' },
    );
  }
  return {
    hash,
    ledger,
    order: txOrder,
    closeTime: r.time('created_at'),
    parts: transactionParts(envelope),
    summary: summarizeResult(result),
  };
}
