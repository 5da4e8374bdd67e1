/** What every domain event carries, whatever its type. */
export interface EventEnvelope<TType extends string, TData> {
  /** Deterministic ID from chain coordinates (see contracts/ids.ts); unique per event type. */
  readonly id: string;
  readonly type: TType;
  /** The version of `data`'s schema for this type; bumped on any incompatible change. */
  readonly schemaVersion: number;
  /** `pubnet`, `testnet`, `futurenet`, or the passphrase of another network. */
  readonly network: string;
  readonly ledger: number;
  /** Ledger close time, ISO-8601 UTC. */
  readonly closeTime: string;
  /** Hex hash of the transaction the fact belongs to; null for ledger-level facts. */
  readonly txHash: string | null;
  readonly data: TData;
}
