import type { xdr } from '@stellar/stellar-sdk';
import { hexOf } from './bytes.ts';

type AnyUnion = { type: string; [arm: string]: unknown };

/** A TransactionResult read the same way for plain and fee-bump transactions. */
export interface ResultSummary {
  readonly feeCharged: bigint;
  readonly successful: boolean;
  readonly resultCode: string;
  readonly innerResultCode: string | null;
  readonly innerHash: string | null;
  /** Per-operation results; empty when the transaction failed before its operations ran. */
  readonly operationResults: readonly xdr.OperationResult[];
}

export function summarizeResult(result: xdr.TransactionResult): ResultSummary {
  const r = result.result as unknown as AnyUnion;
  if (r.type === 'txFeeBumpInnerSuccess' || r.type === 'txFeeBumpInnerFailed') {
    const pair = r.innerResultPair as { transactionHash: unknown; result: { result: AnyUnion } };
    const inner = pair.result.result;
    return {
      feeCharged: result.feeCharged,
      successful: r.type === 'txFeeBumpInnerSuccess',
      resultCode: r.type,
      innerResultCode: inner.type,
      innerHash: hexOf(pair.transactionHash),
      operationResults: (inner.results as xdr.OperationResult[] | undefined) ?? [],
    };
  }
  return {
    feeCharged: result.feeCharged,
    successful: r.type === 'txSuccess',
    resultCode: r.type,
    innerResultCode: null,
    innerHash: null,
    operationResults: (r.results as xdr.OperationResult[] | undefined) ?? [],
  };
}

/** The arm of a union: its one own property besides `type`. */
export function armOf(union: unknown): AnyUnion | undefined {
  const u = union as AnyUnion;
  for (const key of Object.keys(u)) if (key !== 'type') return u[key] as AnyUnion;
  return undefined;
}

/** `paymentSuccess`, `opNoAccount`…: the most specific code an operation result has. */
export function operationResultCode(result: xdr.OperationResult | undefined): string | null {
  if (result === undefined) return null;
  const r = result as unknown as AnyUnion;
  if (r.type !== 'opInner') return r.type;
  return armOf(r.tr)?.type ?? null;
}
