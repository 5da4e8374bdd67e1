import type { EventEnvelope } from './envelope.ts';

export const EFFECT_RECORDED = 'EffectRecorded';
export const EFFECT_RECORDED_VERSION = 1;

/** A JSON value as Horizon sends it; integers beyond 2^53 are kept exact as decimal strings. */
export type HorizonJson =
  | string
  | number
  | boolean
  | null
  | readonly HorizonJson[]
  | { readonly [key: string]: HorizonJson };

/**
 * One Horizon effect: a change an operation made to the ledger as Horizon's effects processor describes
 * it (account credited, trustline created, offer updated, liquidity pool deposited…). The id is Horizon's
 * effect paging token `${operationTOID}-${index}`, so the same effect always has the same id.
 */
export interface EffectRecordedData {
  /** Horizon's effect type name, e.g. `account_credited`, `trade`, `liquidity_pool_deposited`. */
  readonly effectType: string;
  /** Horizon's numeric effect type (`type_i`), or null when the record has none. */
  readonly effectTypeId: number | null;
  /** The account the effect is about (`G…`), or null for the few effects without one. */
  readonly account: string | null;
  /** The `M…` form when the effect names a muxed account, else null. */
  readonly accountMuxed: string | null;
  /** TOID of the operation that caused it, as a decimal string: the OperationApplied id. */
  readonly operationId: string;
  /** 1-based order of the effect within its operation (Horizon's numbering). */
  readonly index: number;
  /**
   * The type-specific fields exactly as Horizon sends them (without links and the fields above):
   * amounts are Horizon's 7-decimal strings, assets Horizon's `asset_type/code/issuer` fields.
   */
  readonly details: { readonly [key: string]: HorizonJson };
}

export type EffectRecorded = EventEnvelope<typeof EFFECT_RECORDED, EffectRecordedData>;
