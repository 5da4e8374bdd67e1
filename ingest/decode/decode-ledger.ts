import type { xdr } from '@stellar/stellar-sdk';
import type { LedgerFact } from '../../contracts/events/index.ts';
import { LEDGER_CLOSED, LEDGER_CLOSED_VERSION } from '../../contracts/events/ledger-closed.ts';
import { OPERATION_APPLIED, OPERATION_APPLIED_VERSION } from '../../contracts/events/operation-applied.ts';
import {
  TRANSACTION_APPLIED,
  TRANSACTION_APPLIED_VERSION,
} from '../../contracts/events/transaction-applied.ts';
import { ledgerId, operationId, transactionId } from '../../contracts/ids.ts';
import { hexOf } from './bytes.ts';
import { contractEventFact, locateEvents } from './contract-events.ts';
import { type FactContext, makeFact } from './fact-context.ts';
import { viewLedger } from './ledger-view.ts';
import { liquidityPoolFactsOfOperation, operationMetasOf } from './liquidity-pools.ts';
import { decodeOperationBody } from './operation-body.ts';
import { type AppliedTransaction, pairTransactions } from './pair-transactions.ts';
import { tokenTransferOf } from './token-transfers.ts';
import { tradesOfOperation } from './trades.ts';
import { transactionAppliedData } from './transaction-applied-data.ts';
import { transactionParts } from './transaction-parts.ts';
import { operationResultCode, type ResultSummary, summarizeResult } from './transaction-result.ts';
import { muxedAccountToStrkey } from './xdr-values/accounts.ts';

export interface DecodeOptions {
  /** Label carried by every fact: `pubnet`, `testnet`, `futurenet` or a passphrase. */
  readonly networkLabel: string;
  /** sha256 of the network passphrase. */
  readonly networkId: Buffer;
  readonly skipNetworkCheck: boolean;
  /** File or URL the ledger came from, for error messages. */
  readonly origin: string;
}

export interface DecodedLedger {
  readonly sequence: number;
  readonly hash: string;
  readonly previousHash: string;
  readonly closeTime: string;
  readonly transactionCount: number;
  readonly operationCount: number;
  readonly facts: readonly LedgerFact[];
}

function transactionFacts(
  ctx: FactContext,
  tx: AppliedTransaction,
  summary: ResultSummary,
  out: LedgerFact[],
): number {
  const { order, envelope, processed } = tx;
  const parts = transactionParts(envelope);
  const txHash = processed.hash;
  out.push(
    makeFact(
      ctx,
      TRANSACTION_APPLIED,
      TRANSACTION_APPLIED_VERSION,
      transactionId(ctx.ledger, order),
      txHash,
      transactionAppliedData(txHash, order, parts, summary),
    ),
  );

  const events = locateEvents(processed.meta).map((located) =>
    contractEventFact(ctx, txHash, order, summary.successful, located),
  );
  const txLevel = events.filter((e) => e.data.operationIndex === null);
  pushEvents(ctx, txLevel, out);
  // A failed transaction changed no ledger entry: its operations' changes are empty or absent.
  const opMetas = summary.successful ? operationMetasOf(processed.meta) : undefined;

  parts.operations.forEach((op, index) => {
    const result = summary.operationResults[index];
    const source = op.sourceAccount === null ? parts.sourceAccount : muxedAccountToStrkey(op.sourceAccount);
    const body = decodeOperationBody(op.body);
    out.push(
      makeFact(
        ctx,
        OPERATION_APPLIED,
        OPERATION_APPLIED_VERSION,
        operationId(ctx.ledger, order, index + 1),
        txHash,
        {
          index,
          operationType: body.type,
          sourceAccount: source,
          body,
          transactionSuccessful: summary.successful,
          resultCode: operationResultCode(result),
        },
      ),
    );
    if (summary.successful && result !== undefined) {
      out.push(...tradesOfOperation(ctx, txHash, order, index, source, result));
    }
    const opChanges = opMetas?.[index]?.changes;
    if (opChanges !== undefined && opChanges.length > 0) {
      out.push(...liquidityPoolFactsOfOperation(ctx, txHash, order, index, opChanges));
    }
    pushEvents(
      ctx,
      events.filter((e) => e.data.operationIndex === index),
      out,
    );
  });
  return parts.operations.length;
}

function pushEvents(
  ctx: FactContext,
  events: ReturnType<typeof contractEventFact>[],
  out: LedgerFact[],
): void {
  for (const event of events) {
    out.push(event);
    const transfer = tokenTransferOf(ctx, event);
    if (transfer !== null) out.push(transfer);
  }
}

/** LedgerCloseMeta in, domain facts out. Pure: no I/O. */
export function decodeLedger(lcm: xdr.LedgerCloseMeta, options: DecodeOptions): DecodedLedger {
  const view = viewLedger(lcm);
  const { header } = view;
  const closeTime = new Date(Number(header.scpValue.closeTime) * 1000).toISOString();
  const ctx: FactContext = { network: options.networkLabel, ledger: view.sequence, closeTime };
  const applied = pairTransactions(view, options);

  const facts: LedgerFact[] = [];
  let operationCount = 0;
  let successfulOperationCount = 0;
  let successful = 0;
  let feeCharged = 0n;
  for (const tx of applied) {
    const summary = summarizeResult(tx.processed.result);
    const ops = transactionFacts(ctx, tx, summary, facts);
    operationCount += ops;
    feeCharged += summary.feeCharged;
    if (summary.successful) {
      successful += 1;
      successfulOperationCount += ops;
    }
  }
  const previousHash = hexOf(header.previousLedgerHash);
  facts.unshift(
    makeFact(ctx, LEDGER_CLOSED, LEDGER_CLOSED_VERSION, ledgerId(view.sequence), null, {
      sequence: view.sequence,
      hash: view.hash,
      previousHash,
      closeTime,
      protocolVersion: header.ledgerVersion,
      baseFee: header.baseFee,
      baseReserve: header.baseReserve,
      transactionCount: applied.length,
      successfulTransactionCount: successful,
      failedTransactionCount: applied.length - successful,
      operationCount,
      successfulOperationCount,
      feeCharged: feeCharged.toString(),
      metaVersion: view.metaVersion,
    }),
  );
  return {
    sequence: view.sequence,
    hash: view.hash,
    previousHash,
    closeTime,
    transactionCount: applied.length,
    operationCount,
    facts,
  };
}
