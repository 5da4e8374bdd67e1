/**
 * Messaging between stages and replicas: NATS (JetStream for durable subjects) when `NATS_URL` is set,
 * an in-process bus otherwise. Subjects are NATS subjects (`.`-separated tokens, `*` and `>` wildcards
 * in subscriptions).
 */
export interface BusMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers: { readonly [name: string]: string };
}

export interface PublishOptions {
  readonly headers?: { readonly [name: string]: string };
}

export interface DurablePublishOptions extends PublishOptions {
  /** Deduplication ID (`Nats-Msg-Id`): the server drops a second message with the same ID. */
  readonly msgId: string;
}

export interface DurablePublishResult {
  /** True when the server already had a message with this ID and dropped this one. */
  readonly duplicate: boolean;
  /** The stream sequence of the stored message (a process-local counter on the in-process bus). */
  readonly sequence: number;
}

export interface DurableStreamConfig {
  /** Stream name, e.g. `TRIGGERS`. */
  readonly name: string;
  /** Subjects it keeps, e.g. `triggers.>`. */
  readonly subjects: readonly string[];
  /** How long a msgId is remembered for deduplication, ms. */
  readonly duplicateWindowMs?: number;
  /** Messages older than this are dropped, ms; 0 keeps them. */
  readonly maxAgeMs?: number;
}

export interface MessageBus {
  readonly kind: 'nats' | 'in-process';
  /** Fire-and-forget publish to live subscribers (NATS core). */
  publish(subject: string, data: Uint8Array, options?: PublishOptions): void;
  /** Every message on a matching subject from now on; returns the unsubscribe function. */
  subscribe(subject: string, handler: (message: BusMessage) => void): () => void;
  /** Creates the durable stream or brings its configuration up to date (idempotent). */
  ensureStream(config: DurableStreamConfig): Promise<void>;
  /**
   * Publishes to a durable stream and waits for the server's acknowledgement. Throws a retryable
   * `BUS_ERR_*` error when the server is unreachable; the caller retries with the same msgId.
   */
  publishDurable(
    subject: string,
    data: Uint8Array,
    options: DurablePublishOptions,
  ): Promise<DurablePublishResult>;
  /** Resolves once everything published so far has reached the server. */
  flush(): Promise<void>;
  close(): Promise<void>;
}
