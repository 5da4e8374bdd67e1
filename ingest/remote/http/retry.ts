import { hasErrorCode, IndexerError } from '../../../contracts/errors.ts';
import { throwIfAborted } from '../../sources/errors.ts';
import type { RemotePlace } from '../errors.ts';
import { sleep } from './sleep.ts';

/** How often and how long to wait before giving up on a retryable failure. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1 = never retry). */
  readonly attempts: number;
  /** Backoff before retry n (0-based) is a random delay in [0, min(maxDelayMs, baseDelayMs * 2^n)]. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** A server's Retry-After is honoured up to this long; a longer one is cut to it. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  attempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
});

/** Fills a partial policy with the defaults; invalid numbers fall back to the default too. */
export function retryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  const pick = (key: keyof RetryPolicy, min: number): number => {
    const value = partial[key];
    return typeof value === 'number' && Number.isFinite(value) && value >= min
      ? value
      : DEFAULT_RETRY_POLICY[key];
  };
  return Object.freeze({
    attempts: Math.floor(pick('attempts', 1)),
    baseDelayMs: pick('baseDelayMs', 0),
    maxDelayMs: pick('maxDelayMs', 0),
    maxRetryAfterMs: pick('maxRetryAfterMs', 0),
  });
}

/** Exponential backoff with full jitter before retry `retry` (0 = the first retry). */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  return Math.round(random() * ceiling);
}

/**
 * Milliseconds to wait that an HTTP `Retry-After` header asks for: delta-seconds (`120`) or an
 * HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/** What `onRetry` hears before each wait: the failure, the attempt that failed and the wait. */
export interface RetryEvent {
  readonly error: IndexerError;
  /** 1-based number of the attempt that failed. */
  readonly attempt: number;
  readonly delayMs: number;
  readonly place: RemotePlace;
}

export interface WithRetriesOptions {
  readonly policy: RetryPolicy;
  /** Where the operation reads from; copied into the final error. */
  readonly place: RemotePlace;
  readonly signal?: AbortSignal | undefined;
  /** Called before each wait, e.g. to log a warning. */
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
  /** For tests: the randomness of the jitter. */
  readonly random?: () => number;
}

function retryAfterOf(error: IndexerError, policy: RetryPolicy): number | undefined {
  const value = error.details.retryAfterMs;
  return typeof value === 'number' ? Math.min(value, policy.maxRetryAfterMs) : undefined;
}

/**
 * Runs `operation` until it succeeds, retrying typed errors whose `retryable` is true with
 * exponential backoff and jitter (a `retryAfterMs` detail, set from a 429's Retry-After, replaces the
 * backoff). Non-retryable errors pass through at once. When every attempt failed, the last error is
 * thrown again with its code and details plus `attempts`, its message saying it gave up.
 * An abort stops the wait and throws INGEST_ERR_SOURCE_ABORTED.
 */
export async function withRetries<T>(
  operation: (attempt: number) => Promise<T>,
  options: WithRetriesOptions,
): Promise<T> {
  const { policy, signal, place } = options;
  for (let attempt = 1; ; attempt++) {
    throwIfAborted(signal, place.url ?? place.source);
    try {
      return await operation(attempt);
    } catch (error) {
      throwIfAborted(signal, place.url ?? place.source);
      if (!hasErrorCode(error) || !error.retryable || error.code === 'INGEST_ERR_SOURCE_ABORTED') throw error;
      if (attempt >= policy.attempts) throw gaveUp(error, attempt);
      const delayMs = retryAfterOf(error, policy) ?? backoffDelay(policy, attempt - 1, options.random);
      options.onRetry?.({ error, attempt, delayMs, place });
      await sleep(delayMs, signal, place.url ?? place.source);
    }
  }
}

function gaveUp(error: IndexerError, attempts: number): IndexerError {
  if (attempts <= 1) return error;
  return new IndexerError(error.code, `${error.message} Gave up after ${attempts} attempts.`, {
    retryable: true,
    details: { ...error.details, attempts },
    cause: error.cause ?? error,
  });
}
