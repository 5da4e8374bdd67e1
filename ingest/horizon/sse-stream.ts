import { hasErrorCode, IndexerError } from '../../contracts/errors.ts';
import { remoteError } from '../remote/errors.ts';
import { backoffDelay, type HttpClient, type RetryPolicy, sleep } from '../remote/http/index.ts';
import { throwIfAborted } from '../sources/errors.ts';
import { endpointUrl, type HorizonEndpoint } from './endpoints.ts';
import { horizonError } from './errors.ts';
import { parseJsonLossless } from './lossless-json.ts';
import { compareTokens, ledgerOfCursor, type PagingToken, parsePagingToken } from './paging-token.ts';
import { createSseParser, type SseMessage } from './sse-parser.ts';

/** One record of a Horizon collection, in stream order. */
export interface HorizonRecord {
  readonly token: PagingToken;
  readonly record: Readonly<Record<string, unknown>>;
}

/** What a reconnection is about to do, for logs. */
export interface ReconnectEvent {
  readonly reason: 'closed' | 'failed' | 'stalled';
  readonly error: IndexerError | null;
  readonly cursor: string;
  /** Consecutive failed attempts so far (0 after a clean close or a quiet stall). */
  readonly failures: number;
  readonly delayMs: number;
}

export interface HorizonSseOptions {
  readonly http: HttpClient;
  /** The source as the user named it, e.g. `horizon:https://horizon.stellar.org`. */
  readonly source: string;
  readonly baseUrl: string;
  readonly endpoint: HorizonEndpoint;
  /** `now` or a paging token: records strictly after it are streamed. */
  readonly cursor: string;
  readonly query: Readonly<Record<string, string>>;
  /** Reconnection policy: consecutive failures allowed and the backoff between them. */
  readonly reconnect: RetryPolicy;
  /** Longest wait a server `retry:` hint can ask for after a clean close (default 5 s). */
  readonly maxRetryHintMs?: number;
  readonly signal?: AbortSignal | undefined;
  readonly onReconnect?: (event: ReconnectEvent) => void;
}

type StreamEnd = { kind: 'closed'; retryMs: number | undefined };

function place(options: HorizonSseOptions, url: string, cursor: string) {
  return { source: options.source, url, cursor, ledger: ledgerOfCursor(cursor) };
}

/** The record a `message` event carries, checked against the SSE id and the previous token. */
function readRecord(
  message: SseMessage,
  options: HorizonSseOptions,
  url: string,
  cursor: string,
  last: PagingToken | null,
): HorizonRecord {
  const where = place(options, url, cursor);
  let record: unknown;
  try {
    record = parseJsonLossless(message.data);
  } catch (cause) {
    throw remoteError(
      'INGEST_ERR_REMOTE_MALFORMED',
      `A ${options.endpoint} message from ${url} after cursor ${cursor} is not valid JSON (${(cause as Error).message}); reconnecting from the cursor.`,
      where,
      { field: 'data', endpoint: options.endpoint, eventId: message.id },
      cause,
    );
  }
  const paging = (record as { paging_token?: unknown } | null)?.paging_token;
  const token = typeof paging === 'string' ? parsePagingToken(paging) : null;
  if (typeof record !== 'object' || record === null || Array.isArray(record) || token === null) {
    throw horizonError(
      'INGEST_ERR_HORIZON_RECORD',
      `A ${options.endpoint} record from ${url} after cursor ${cursor} has no valid paging_token (got ${JSON.stringify(paging)})`,
      { ...where, endpoint: options.endpoint, field: 'paging_token' },
    );
  }
  if (message.id !== undefined && message.id !== token.text) {
    throw horizonError(
      'INGEST_ERR_HORIZON_RECORD',
      `A ${options.endpoint} record's paging_token ${token.text} differs from its SSE id ${message.id} (after cursor ${cursor})`,
      { ...where, endpoint: options.endpoint, field: 'id', pagingToken: token.text },
    );
  }
  if (last !== null && compareTokens(token, last) <= 0) {
    throw horizonError(
      'INGEST_ERR_HORIZON_ORDER',
      `Horizon sent ${options.endpoint} record ${token.text} after ${last.text}: paging tokens must increase; stopping rather than storing a duplicate or a step back`,
      { ...where, endpoint: options.endpoint, pagingToken: token.text },
    );
  }
  return { token, record: record as Record<string, unknown> };
}

/** The last error again, saying that the stream gave up after `failures` attempts. */
function gaveUp(error: IndexerError, failures: number, cursor: string): IndexerError {
  return new IndexerError(
    error.code,
    `${error.message} Gave up after ${failures} consecutive attempts; rerun to resume from cursor ${cursor}.`,
    { retryable: error.retryable, details: { ...error.details, attempts: failures }, cause: error },
  );
}

/**
 * A Horizon collection as an endless, ordered stream of records over Server-Sent Events, resumable by
 * cursor. It reconnects after Horizon's clean `close` (honouring its `retry:` hint), after a dropped
 * or truncated body, a 5xx, a 429 (after its Retry-After), an SSE `error` event or a malformed
 * message, always from the last record handed out, so nothing is skipped or repeated. A stall (no
 * byte for the client's idle timeout) reconnects too; it counts as a failure unless the server had
 * greeted us, since a quiet endpoint can legitimately send nothing between ledgers. After
 * `reconnect.attempts` consecutive failures without a new record it throws the last typed error,
 * naming source, endpoint, cursor and ledger.
 */
export async function* streamHorizonRecords(options: HorizonSseOptions): AsyncGenerator<HorizonRecord> {
  const { http, signal } = options;
  let cursor = options.cursor;
  let last = cursor === 'now' ? null : parsePagingToken(cursor);
  let failures = 0;
  const maxHint = options.maxRetryHintMs ?? 5_000;

  for (;;) {
    const url = endpointUrl(options.baseUrl, options.endpoint, { ...options.query, order: 'asc', cursor });
    throwIfAborted(signal, url);
    let greeted = false;
    let end: StreamEnd | null = null;
    try {
      const opened = await http.open({
        url,
        headers: { accept: 'text/event-stream' },
        place: place(options, url, cursor),
        signal,
      });
      try {
        const type = opened.response.headers.get('content-type') ?? '';
        if (!type.includes('text/event-stream')) {
          throw remoteError(
            'INGEST_ERR_REMOTE_MALFORMED',
            `${url} answered with content-type "${type}", not text/event-stream: it is not a Horizon streaming endpoint`,
            place(options, url, cursor),
            { field: 'content-type', endpoint: options.endpoint },
          );
        }
        const parser = createSseParser();
        read: for await (const chunk of opened.chunks()) {
          for (const message of parser.push(chunk)) {
            if (message.event === 'open') {
              greeted = true;
              continue;
            }
            if (message.event === 'close') {
              end = { kind: 'closed', retryMs: message.retry };
              break read;
            }
            if (message.event === 'error') {
              throw horizonError(
                'INGEST_ERR_HORIZON_STREAM_ERROR',
                `Horizon ended the ${options.endpoint} stream with an error after cursor ${cursor}: ${message.data.slice(0, 200)}`,
                { ...place(options, url, cursor), endpoint: options.endpoint },
              );
            }
            if (message.event !== 'message') continue;
            const record = readRecord(message, options, url, cursor, last);
            yield record;
            last = record.token;
            cursor = record.token.text;
            failures = 0;
          }
        }
        if (end === null) {
          throw remoteError(
            'INGEST_ERR_REMOTE_TRUNCATED',
            `The ${options.endpoint} stream of ${url} ended without Horizon's close event${parser.pending ? ', in the middle of a message' : ''} (after cursor ${cursor}); reconnecting from the cursor.`,
            place(options, url, cursor),
            { endpoint: options.endpoint },
          );
        }
      } finally {
        opened.close();
      }
    } catch (error) {
      if (signal?.aborted || !hasErrorCode(error) || !error.retryable) throw error;
      if (error.code === 'INGEST_ERR_SOURCE_ABORTED') throw error;
      const stalled = error.code === 'INGEST_ERR_REMOTE_TIMEOUT' && error.details.phase === 'body';
      if (!(stalled && greeted)) failures += 1;
      if (failures >= options.reconnect.attempts) throw gaveUp(error, failures, cursor);
      const retryAfter = error.details.retryAfterMs;
      const delayMs =
        typeof retryAfter === 'number'
          ? Math.min(retryAfter, options.reconnect.maxRetryAfterMs)
          : backoffDelay(options.reconnect, Math.max(0, failures - 1));
      options.onReconnect?.({ reason: stalled ? 'stalled' : 'failed', error, cursor, failures, delayMs });
      await sleep(delayMs, signal, url);
      continue;
    }
    const delayMs = Math.min(end.retryMs ?? 0, maxHint);
    options.onReconnect?.({ reason: 'closed', error: null, cursor, failures, delayMs });
    await sleep(delayMs, signal, url);
  }
}
