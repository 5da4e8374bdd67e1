import { type RemotePlace, remoteError } from '../errors.ts';
import { type OpenedResponse, openResponse } from './open-response.ts';
import { type RetryEvent, type RetryPolicy, retryPolicy, withRetries } from './retry.ts';

/** How long a remote source may keep us waiting. */
export interface HttpTimeouts {
  /** From sending the request until the response headers arrive. */
  readonly responseMs: number;
  /** Longest silence between two chunks of a body: a stalled response is cut after it. */
  readonly idleMs: number;
}

export const DEFAULT_HTTP_TIMEOUTS: HttpTimeouts = Object.freeze({ responseMs: 30_000, idleMs: 30_000 });

export interface HttpClientOptions {
  readonly retry?: Partial<RetryPolicy> | undefined;
  readonly timeouts?: Partial<HttpTimeouts> | undefined;
  /** Largest body read into memory (default 512 MiB); a bigger one is INGEST_ERR_REMOTE_MALFORMED. */
  readonly maxBodyBytes?: number | undefined;
  /** Sent with every request (e.g. `user-agent`, an API key header). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Hears every retry before its wait: log it as a warning. */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** The fetch to use (default: Node's built-in fetch). */
  readonly fetch?: typeof fetch | undefined;
}

export interface HttpRequest {
  readonly url: string;
  readonly method?: 'GET' | 'POST' | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: string | undefined;
  /** Named in every error: source, cursor and ledger. The URL is filled in from `url`. */
  readonly place: RemotePlace;
  readonly signal?: AbortSignal | undefined;
  /** Non-2xx statuses handed back instead of thrown, e.g. `[404]` for optional objects. */
  readonly acceptStatus?: readonly number[] | undefined;
}

/** A whole response body with its status. */
export interface FetchedBody {
  readonly status: number;
  readonly bytes: Uint8Array;
  readonly headers: Headers;
}

export interface HttpClient {
  readonly policy: RetryPolicy;
  readonly timeouts: HttpTimeouts;
  /**
   * One attempt, no retry: sends the request and returns once the headers are in, with the
   * status checked (429, 5xx, 4xx → typed errors; Retry-After kept as `retryAfterMs`). Read the body
   * with `chunks()` (each chunk under the idle timeout; for streams such as SSE) or `bytes()`.
   */
  open(request: HttpRequest): Promise<OpenedResponse>;
  /**
   * The whole body, retried on every retryable failure. `parse` runs inside the retry loop: a
   * retryable typed error it throws (INGEST_ERR_REMOTE_MALFORMED for a damaged body) fetches again.
   */
  fetchBytes<T>(request: HttpRequest, parse: (body: FetchedBody) => T | Promise<T>): Promise<T>;
  /**
   * POSTs `json` and parses the JSON answer, retried like fetchBytes. Invalid JSON is
   * INGEST_ERR_REMOTE_MALFORMED (retried); `parse` checks the shape.
   */
  postJson<T>(
    request: Omit<HttpRequest, 'body' | 'method'> & { readonly json: unknown },
    parse: (value: unknown) => T,
  ): Promise<T>;
  /** Runs any operation with this client's retry policy and onRetry (e.g. reconnecting a stream). */
  retry<T>(operation: (attempt: number) => Promise<T>, place: RemotePlace, signal?: AbortSignal): Promise<T>;
}

/**
 * An HTTP client for remote sources on Node's built-in fetch: timeouts for the response and for
 * stalled bodies, retries with exponential backoff and jitter, 429 Retry-After honoured, and typed
 * INGEST_ERR_REMOTE_* errors naming source, URL, cursor and ledger.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const policy = retryPolicy(options.retry);
  const timeouts: HttpTimeouts = Object.freeze({ ...DEFAULT_HTTP_TIMEOUTS, ...options.timeouts });
  const maxBodyBytes = options.maxBodyBytes ?? 512 * 1024 * 1024;
  const fetchFn = options.fetch ?? fetch;

  const open = (request: HttpRequest): Promise<OpenedResponse> =>
    openResponse({
      fetch: fetchFn,
      url: request.url,
      init: {
        method: request.method ?? 'GET',
        headers: { ...options.headers, ...request.headers },
        ...(request.body === undefined ? {} : { body: request.body }),
      },
      place: { ...request.place, url: request.url },
      signal: request.signal,
      timeouts,
      maxBodyBytes,
      acceptStatus: request.acceptStatus ?? [],
    });

  const retry = <T>(operation: (attempt: number) => Promise<T>, place: RemotePlace, signal?: AbortSignal) =>
    withRetries(operation, { policy, place, signal, onRetry: options.onRetry });

  const fetchBytes = <T>(request: HttpRequest, parse: (body: FetchedBody) => T | Promise<T>): Promise<T> =>
    retry(
      async () => {
        const opened = await open(request);
        const bytes = await opened.bytes();
        return parse({ status: opened.response.status, bytes, headers: opened.response.headers });
      },
      { ...request.place, url: request.url },
      request.signal,
    );

  return {
    policy,
    timeouts,
    open,
    fetchBytes,
    retry,
    postJson(request, parse) {
      const { json, ...rest } = request;
      return fetchBytes(
        {
          ...rest,
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json', ...rest.headers },
          body: JSON.stringify(json),
        },
        ({ bytes }) => parse(parseJsonBody(bytes, { ...request.place, url: request.url })),
      );
    },
  };
}

/** JSON.parse of a response body; invalid JSON is INGEST_ERR_REMOTE_MALFORMED (retryable). */
export function parseJsonBody(bytes: Uint8Array, place: RemotePlace): unknown {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  try {
    return JSON.parse(text);
  } catch (cause) {
    const head = text.slice(0, 80).replace(/\s+/g, ' ');
    throw remoteError(
      'INGEST_ERR_REMOTE_MALFORMED',
      `The response of ${place.url ?? place.source} is not valid JSON (${(cause as Error).message}; ${bytes.byteLength} bytes, starting "${head}").`,
      place,
      { field: 'body', bytes: bytes.byteLength },
      cause,
    );
  }
}
