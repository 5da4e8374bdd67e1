import type { Checkpoint } from './checkpoint.ts';

/** An event as handed to the store: type, deterministic id, and a JSON-serializable body. */
export interface NewEvent {
  readonly type: string;
  readonly id: string;
  /** Ledger the fact belongs to, when it belongs to one. */
  readonly ledger?: number | undefined;
  /** The whole event (envelope and data) as stored and returned. Must survive JSON.stringify. */
  readonly payload: unknown;
  /** `payload` already serialized (e.g. by a decode worker); when set the store writes it as is. */
  readonly payloadJson?: string | undefined;
}

/** An event as read back, with where it sits in the store. */
export interface StoredEvent {
  /** Global position: strictly increasing across the store, starting at 1. */
  readonly position: bigint;
  readonly stream: string;
  /** 0-based revision within its stream. */
  readonly revision: bigint;
  readonly type: string;
  readonly id: string;
  readonly ledger: number | null;
  readonly payload: unknown;
}

/**
 * Optimistic concurrency: `no_stream` means the stream must not exist yet, a bigint means its last
 * revision must be exactly that, `any` skips the check.
 */
export type ExpectedRevision = 'any' | 'no_stream' | bigint;

export interface AppendResult {
  /** The stream's revision after the append. */
  readonly nextRevision: bigint;
  /** Global position of the last appended event. */
  readonly lastPosition: bigint;
}

/** One ledger's facts and the checkpoint that moves past it, committed all or nothing. */
export interface LedgerCommit {
  /** Name of the checkpoint, e.g. `ingest:pubnet`. */
  readonly checkpointName: string;
  /** The checkpoint the writer read before; a different stored one is a conflict. */
  readonly expected: Checkpoint | null;
  readonly checkpoint: Checkpoint;
  readonly events: readonly NewEvent[];
}

export interface ReadAllOptions {
  /** Read events with position strictly greater than this; default 0 (from the start). */
  readonly after?: bigint;
  readonly limit?: number;
  /** Only these event types. */
  readonly types?: readonly string[];
  readonly signal?: AbortSignal;
}

export interface SubscribeOptions extends Omit<ReadAllOptions, 'limit'> {
  readonly signal: AbortSignal;
  /** How often to look for new events when the backend cannot push them, ms. */
  readonly pollIntervalMs?: number;
}

export interface EventStore {
  readonly backend: string;
  /** Append to one stream with an optimistic-concurrency check. A mismatch throws STORE_ERR_CONFLICT. */
  appendToStream(
    stream: string,
    events: readonly NewEvent[],
    expected: ExpectedRevision,
  ): Promise<AppendResult>;
  /** Append a ledger's events and advance the checkpoint in one all-or-nothing step. */
  commitLedger(commit: LedgerCommit): Promise<AppendResult>;
  /** Several ledgers in one step, in order; each is checked as commitLedger checks it. */
  commitLedgers(commits: readonly LedgerCommit[]): Promise<AppendResult>;
  readCheckpoint(name: string): Promise<Checkpoint | null>;
  readStream(stream: string, options?: { from?: bigint; signal?: AbortSignal }): AsyncIterable<StoredEvent>;
  /** Every committed event in position order. A partly written ledger is never visible. */
  readAll(options?: ReadAllOptions): AsyncIterable<StoredEvent>;
  /** Catch up from `after`, then follow new events until the signal aborts. */
  subscribe(options: SubscribeOptions): AsyncIterable<StoredEvent>;
  /** The event with the highest position, or null for an empty store. */
  readLastEvent(): Promise<StoredEvent | null>;
  close(): Promise<void>;
}
