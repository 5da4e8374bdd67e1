/** A fault a Horizon replay server injects into one streaming connection. */
export type SseFault =
  /** No fault on this connection. */
  | { readonly kind: 'none' }
  /** An HTTP error status instead of the stream (a burst of 5xx is several of these). */
  | { readonly kind: 'status'; readonly status: number }
  /** 429 with Retry-After in seconds. */
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds: number }
  /** The connection closes before any response. */
  | { readonly kind: 'refuse' }
  /** `after` records, then the connection closes without Horizon's close event. */
  | { readonly kind: 'drop'; readonly after: number }
  /** `after` records, then half of the next message, then the connection closes. */
  | { readonly kind: 'truncate'; readonly after: number }
  /** `after` records, then nothing at all (not even a heartbeat) for `ms`, then the connection closes. */
  | { readonly kind: 'stall'; readonly after: number; readonly ms: number }
  /** `after` records, then a message whose data is not JSON. */
  | { readonly kind: 'malformed-json'; readonly after: number }
  /** `after` records, then the next record with its XDR damaged (valid JSON). */
  | { readonly kind: 'malformed-xdr'; readonly after: number }
  /** `after` records, then an SSE `error` event, as Horizon sends for "Rate limit exceeded". */
  | { readonly kind: 'error-event'; readonly after: number };

export interface SseFaultQueue {
  push(...faults: SseFault[]): void;
  next(): SseFault | undefined;
  readonly size: number;
  clear(): void;
}

export function createSseFaultQueue(): SseFaultQueue {
  const queue: SseFault[] = [];
  return {
    push: (...faults) => {
      queue.push(...faults);
    },
    next: () => queue.shift(),
    get size() {
      return queue.length;
    },
    clear: () => {
      queue.length = 0;
    },
  };
}
