/**
 * Faults the replay servers inject, one per matching request:
 * - `disconnect`: headers and half the body, then the socket is destroyed (connection lost mid-body);
 * - `stall`: headers and half the body, then nothing (a stalled stream) until the client gives up;
 * - `truncate`: a well-formed response whose body is cut in half (Content-Length matches the cut);
 * - `rate-limit`: 429 with `Retry-After: retryAfterSeconds`;
 * - `server-error`: a 5xx status (default 503);
 * - `malformed-json`: 200 with a body that is not JSON;
 * - `corrupt-base64`: (RPC) metadataXdr of the first ledger gets non-base64 characters;
 * - `corrupt-xdr`: (RPC) the first ledger's metadataXdr is valid base64 of damaged XDR
 *   (its body cut short); (lake) the object's bytes are damaged;
 * - `rpc-internal-error`: (RPC) a JSON-RPC -32603 error object;
 * - `wrong-previous-hash`: (RPC) the first ledger's previousLedgerHash is altered in its metadata.
 */
export type FaultKind =
  | 'disconnect'
  | 'stall'
  | 'truncate'
  | 'rate-limit'
  | 'server-error'
  | 'malformed-json'
  | 'corrupt-base64'
  | 'corrupt-xdr'
  | 'rpc-internal-error'
  | 'wrong-previous-hash';

/** What a replay server knows of a request, for matching faults. */
export interface RequestInfo {
  readonly path: string;
  /** JSON-RPC method, for the RPC server. */
  readonly method?: string | undefined;
  /** The first ledger asked for (RPC start, or a lake object's first ledger). */
  readonly ledger?: number | undefined;
}

export interface FaultSpec {
  readonly kind: FaultKind;
  /** Requests it applies to (default: every request). */
  readonly when?: ((request: RequestInfo) => boolean) | undefined;
  /** How many matching requests get it (default 1). */
  readonly times?: number | undefined;
  readonly retryAfterSeconds?: number | undefined;
  readonly status?: number | undefined;
}

export interface Fault {
  readonly kind: FaultKind;
  readonly retryAfterSeconds: number;
  readonly status: number;
}

export interface FaultInjector {
  inject(spec: FaultSpec): void;
  /** The fault for this request, if one matches (used up in order of injection). */
  take(request: RequestInfo): Fault | undefined;
  /** Faults served so far, in order. */
  readonly served: { readonly kind: FaultKind; readonly request: RequestInfo }[];
  /** Faults injected but not (fully) served yet. */
  pending(): number;
}

export function createFaultInjector(): FaultInjector {
  const queue: { spec: FaultSpec; left: number }[] = [];
  const served: FaultInjector['served'] = [];
  return {
    served,
    inject(spec) {
      queue.push({ spec, left: spec.times ?? 1 });
    },
    take(request) {
      const entry = queue.find((e) => e.left > 0 && (e.spec.when === undefined || e.spec.when(request)));
      if (entry === undefined) return undefined;
      entry.left--;
      served.push({ kind: entry.spec.kind, request });
      return {
        kind: entry.spec.kind,
        retryAfterSeconds: entry.spec.retryAfterSeconds ?? 1,
        status: entry.spec.status ?? 503,
      };
    },
    pending: () => queue.reduce((n, e) => n + e.left, 0),
  };
}
