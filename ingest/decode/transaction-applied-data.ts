import type { TransactionAppliedData } from '../../contracts/events/transaction-applied.ts';
import { memoToJson } from './memo.ts';
import type { TransactionParts } from './transaction-parts.ts';
import type { ResultSummary } from './transaction-result.ts';

/** The TransactionApplied data of an envelope and its result, whichever source delivered them. */
export function transactionAppliedData(
  hash: string,
  order: number,
  parts: TransactionParts,
  summary: ResultSummary,
): TransactionAppliedData {
  return {
    hash,
    applicationOrder: order,
    sourceAccount: parts.sourceAccount,
    sequence: parts.sequence.toString(),
    feeBump: parts.feeBump === null ? null : { ...parts.feeBump, innerHash: summary.innerHash ?? '' },
    maxFee: parts.maxFee.toString(),
    feeCharged: summary.feeCharged.toString(),
    successful: summary.successful,
    resultCode: summary.resultCode,
    innerResultCode: summary.innerResultCode,
    memo: memoToJson(parts.memo),
    operationCount: parts.operations.length,
    sorobanResourceFee: parts.sorobanResourceFee === null ? null : parts.sorobanResourceFee.toString(),
    envelopeType: parts.envelopeType,
  };
}
