import type { HttpClient } from '../remote/http/index.ts';
import { callJsonRpc, resultOf } from '../sources/rpc/json-rpc.ts';

/** Where a call reads from, named in every error. */
export interface RpcCallPlace {
  readonly cursor?: string | number | undefined;
  readonly ledger?: number | undefined;
}

export interface RpcCaller {
  readonly url: string;
  readonly source: string;
  /**
   * Calls `method` and parses its `result` with `parse` (inside the retry loop: a retryable
   * INGEST_ERR_REMOTE_MALFORMED it throws fetches again). A JSON-RPC error object is
   * INGEST_ERR_REMOTE_RPC with `rpcCode` and `rpcMessage` in its details (a -32603 internal error is
   * INGEST_ERR_REMOTE_SERVER and retried).
   */
  call<T>(method: string, params: unknown, place: RpcCallPlace, parse: (result: unknown) => T): Promise<T>;
}

export function createRpcCaller(options: {
  readonly http: HttpClient;
  readonly url: string;
  readonly source: string;
  readonly signal?: AbortSignal | undefined;
}): RpcCaller {
  const { http, url, source } = options;
  return {
    url,
    source,
    async call(method, params, where, parse) {
      const place = { source, cursor: where.cursor, ledger: where.ledger };
      const outcome = await callJsonRpc({
        client: http,
        url,
        method,
        params,
        place,
        signal: options.signal,
        check: parse,
      });
      return resultOf(outcome, method, { ...place, url });
    },
  };
}
