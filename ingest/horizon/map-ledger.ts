import { createHash } from 'node:crypto';
import { xdr } from '@stellar/stellar-sdk';
import {
  HORIZON_LEDGER_RECORDED,
  HORIZON_LEDGER_RECORDED_VERSION,
  type HorizonLedgerRecorded,
  type HorizonLedgerRecordedData,
} from '../../contracts/events/horizon-ledger-recorded.ts';
import { ledgerId, toid } from '../../contracts/ids.ts';
import { hexOf } from '../decode/bytes.ts';
import type { RecordReader } from './record-fields.ts';

type HeaderFields = Omit<
  HorizonLedgerRecordedData,
  | 'successfulTransactionCount'
  | 'failedTransactionCount'
  | 'operationCount'
  | 'successfulOperationCount'
  | 'fromHeaderXdr'
>;

function fromHeaderXdr(r: RecordReader, text: string): HeaderFields {
  const bytes = Buffer.from(text, 'base64');
  let header: xdr.LedgerHeader;
  try {
    header = xdr.LedgerHeader.fromXDR(bytes);
  } catch (cause) {
    throw r.fail('header_xdr', `is not a LedgerHeader (${(cause as Error).message})`, cause);
  }
  const hash = createHash('sha256').update(bytes).digest('hex');
  const stated = r.optionalString('hash');
  if (stated !== null && stated !== hash) {
    throw r.fail('hash', `is ${stated} but header_xdr hashes to ${hash}`);
  }
  const h = header as unknown as {
    ledgerSeq: number;
    ledgerVersion: number;
    previousLedgerHash: unknown;
    scpValue: { closeTime: bigint };
    totalCoins: bigint;
    feePool: bigint;
    baseFee: number;
    baseReserve: number;
    maxTxSetSize: number;
  };
  const sequence = r.optionalInteger('sequence');
  if (sequence !== null && sequence !== h.ledgerSeq) {
    throw r.fail('sequence', `is ${sequence} but header_xdr is ledger ${h.ledgerSeq}`);
  }
  return {
    sequence: h.ledgerSeq,
    hash,
    previousHash: hexOf(h.previousLedgerHash),
    closeTime: new Date(Number(h.scpValue.closeTime) * 1000).toISOString(),
    protocolVersion: h.ledgerVersion,
    baseFee: h.baseFee,
    baseReserve: h.baseReserve,
    maxTxSetSize: h.maxTxSetSize,
    totalCoins: h.totalCoins.toString(),
    feePool: h.feePool.toString(),
  };
}

function fromJson(r: RecordReader): HeaderFields {
  return {
    sequence: r.integer('sequence'),
    hash: r.string('hash'),
    previousHash: r.string('prev_hash'),
    closeTime: r.time('closed_at'),
    protocolVersion: r.integer('protocol_version'),
    baseFee: r.integer('base_fee_in_stroops'),
    baseReserve: r.integer('base_reserve_in_stroops'),
    maxTxSetSize: r.integer('max_tx_set_size'),
    totalCoins: r.stroops('total_coins'),
    feePool: r.stroops('fee_pool'),
  };
}

/** A `/ledgers` record → HorizonLedgerRecorded, with the id TOID(ledger, 0, 0) checked against the token. */
export function mapLedger(r: RecordReader, network: string): HorizonLedgerRecorded {
  const headerXdr = r.optionalString('header_xdr');
  const header = headerXdr === null ? fromJson(r) : fromHeaderXdr(r, headerXdr);
  if (r.token.index !== null || r.token.toid !== toid(header.sequence, 0, 0)) {
    throw r.fail('paging_token', `is not the TOID of ledger ${header.sequence}`);
  }
  return {
    id: ledgerId(header.sequence),
    type: HORIZON_LEDGER_RECORDED,
    schemaVersion: HORIZON_LEDGER_RECORDED_VERSION,
    network,
    ledger: header.sequence,
    closeTime: header.closeTime,
    txHash: null,
    data: {
      ...header,
      successfulTransactionCount: r.optionalInteger('successful_transaction_count'),
      failedTransactionCount: r.optionalInteger('failed_transaction_count'),
      operationCount: r.optionalInteger('tx_set_operation_count'),
      successfulOperationCount: r.optionalInteger('operation_count'),
      fromHeaderXdr: headerXdr !== null,
    },
  };
}
