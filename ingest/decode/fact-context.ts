import type { EventEnvelope } from '../../contracts/events/envelope.ts';

/** What every fact of one ledger shares. */
export interface FactContext {
  readonly network: string;
  readonly ledger: number;
  readonly closeTime: string;
}

export function makeFact<TType extends string, TData>(
  ctx: FactContext,
  type: TType,
  schemaVersion: number,
  id: string,
  txHash: string | null,
  data: TData,
): EventEnvelope<TType, TData> {
  return {
    id,
    type,
    schemaVersion,
    network: ctx.network,
    ledger: ctx.ledger,
    closeTime: ctx.closeTime,
    txHash,
    data,
  };
}
