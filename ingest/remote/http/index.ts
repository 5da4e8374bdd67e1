/**
 * Shared HTTP pieces for remote sources (Stellar RPC, data lake over HTTP, Horizon, RPC events):
 * built-in fetch with timeouts and stall detection, retries with backoff + jitter, Retry-After on
 * 429, typed INGEST_ERR_REMOTE_* errors naming source, URL, cursor and ledger.
 */
export {
  createHttpClient,
  DEFAULT_HTTP_TIMEOUTS,
  type FetchedBody,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequest,
  type HttpTimeouts,
  parseJsonBody,
} from './http-client.ts';
export type { OpenedResponse } from './open-response.ts';
export {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  type RetryEvent,
  type RetryPolicy,
  retryPolicy,
  type WithRetriesOptions,
  withRetries,
} from './retry.ts';
export { sleep } from './sleep.ts';
