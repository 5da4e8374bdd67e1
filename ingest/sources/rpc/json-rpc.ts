import { describePlace, type RemotePlace, remoteError } from '../../remote/errors.ts';
import type { HttpClient } from '../../remote/http/http-client.ts';

/** A JSON-RPC 2.0 error object as a server sends it. */
export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
}

/** A call's answer: its result, or the server's error object for the caller to judge. */
export type JsonRpcOutcome<T = unknown> =
  | { readonly ok: true; readonly result: T }
  | { readonly ok: false; readonly error: JsonRpcErrorObject };

const INTERNAL_ERROR = -32603;

export interface JsonRpcCall<T> {
  readonly client: HttpClient;
  readonly url: string;
  readonly method: string;
  readonly params: unknown;
  readonly place: RemotePlace;
  readonly signal?: AbortSignal | undefined;
  /**
   * Checks the result's shape inside the retry loop: a retryable typed error it throws
   * (INGEST_ERR_REMOTE_MALFORMED) asks again.
   */
  readonly check: (result: unknown) => T;
}

function isErrorObject(value: unknown): value is JsonRpcErrorObject {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'number' && typeof message === 'string';
}

/**
 * One JSON-RPC 2.0 call over the HTTP client (retries, timeouts and typed errors included). A
 * -32603 internal error is INGEST_ERR_REMOTE_SERVER and retried; other error objects are handed
 * back. A body that is not a JSON-RPC response is INGEST_ERR_REMOTE_MALFORMED (retried).
 */
export function callJsonRpc<T>(call: JsonRpcCall<T>): Promise<JsonRpcOutcome<T>> {
  const { method } = call;
  const where = { ...call.place, url: call.url };
  const malformed = (what: string, field: string) =>
    remoteError(
      'INGEST_ERR_REMOTE_MALFORMED',
      `${describePlace(where)}: the answer to ${method} ${what}.`,
      where,
      { method, field },
    );
  return call.client.postJson(
    {
      url: call.url,
      json: { jsonrpc: '2.0', id: 1, method, params: call.params },
      place: call.place,
      signal: call.signal,
    },
    (body): JsonRpcOutcome<T> => {
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw malformed('is not a JSON-RPC response object', 'body');
      }
      const response = body as Record<string, unknown>;
      if (response.error !== undefined) {
        if (!isErrorObject(response.error)) {
          throw malformed('has an error member that is not a JSON-RPC error object', 'error');
        }
        if (response.error.code === INTERNAL_ERROR) {
          throw remoteError(
            'INGEST_ERR_REMOTE_SERVER',
            `${describePlace(where)} failed ${method} with JSON-RPC internal error: ${response.error.message}`,
            where,
            { method, rpcCode: INTERNAL_ERROR },
          );
        }
        return { ok: false, error: response.error };
      }
      if (!('result' in response)) throw malformed('has neither result nor error', 'result');
      return { ok: true, result: call.check(response.result) };
    },
  );
}

/** The result of an outcome, or INGEST_ERR_REMOTE_RPC naming the server's error and the place. */
export function resultOf<T>(outcome: JsonRpcOutcome<T>, method: string, place: RemotePlace): T {
  if (outcome.ok) return outcome.result;
  const { code, message } = outcome.error;
  throw remoteError(
    'INGEST_ERR_REMOTE_RPC',
    `${describePlace(place)} refused ${method} with JSON-RPC error ${code}: ${message}. Check the request (start ledger, limit) and the server.`,
    place,
    { method, rpcCode: code, rpcMessage: message },
  );
}
