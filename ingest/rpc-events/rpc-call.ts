import { remoteError } from '../remote/errors.ts';
import type { HttpClient } from '../remote/http/index.ts';

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
   * INGEST_ERR_REMOTE_RPC with `rpcCode` and `rpcMessage` in its details.
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
  let nextId = 1;
  return {
    url,
    source,
    call(method, params, where, parse) {
      const id = nextId++;
      const place = { source, url, cursor: where.cursor, ledger: where.ledger };
      return http.postJson(
        { url, json: { jsonrpc: '2.0', id, method, params }, place, signal: options.signal },
        (value) => {
          const body = value as { result?: unknown; error?: { code?: unknown; message?: unknown } } | null;
          if (body?.error !== undefined && body.error !== null) {
            const message =
              typeof body.error.message === 'string' ? body.error.message : JSON.stringify(body.error);
            throw remoteError(
              'INGEST_ERR_REMOTE_RPC',
              `${method} at ${url} failed: ${message} (JSON-RPC code ${String(body.error.code)})`,
              place,
              {
                method,
                rpcCode: typeof body.error.code === 'number' ? body.error.code : null,
                rpcMessage: message,
              },
            );
          }
          if (body === null || typeof body !== 'object' || !('result' in body)) {
            throw remoteError(
              'INGEST_ERR_REMOTE_MALFORMED',
              `${method} at ${url} answered without a JSON-RPC result`,
              place,
              { method, field: 'result' },
            );
          }
          return parse(body.result);
        },
      );
    },
  };
}
