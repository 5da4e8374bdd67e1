import type { IndexerError } from '../../../contracts/errors.ts';
import { sourceError } from '../../sources/errors.ts';
import { describePlace, type RemotePlace, remoteError } from '../errors.ts';
import { parseRetryAfter } from './retry.ts';

/** A response whose headers are in; its body is read under the idle timeout. */
export interface OpenedResponse {
  readonly response: Response;
  /**
   * The body chunk by chunk. A chunk that does not come within the idle timeout is
   * INGEST_ERR_REMOTE_TIMEOUT; a connection dropped mid-body, or a body shorter than its
   * Content-Length, is INGEST_ERR_REMOTE_TRUNCATED. Stopping early cancels the request. Read once.
   */
  chunks(): AsyncGenerator<Uint8Array, void, undefined>;
  /** The whole body (bounded by maxBodyBytes). */
  bytes(): Promise<Uint8Array>;
  /** Drops the request and its body. */
  close(): void;
}

export interface OpenResponseOptions {
  readonly fetch: typeof fetch;
  readonly url: string;
  readonly init: RequestInit;
  readonly place: RemotePlace;
  readonly signal: AbortSignal | undefined;
  readonly timeouts: { readonly responseMs: number; readonly idleMs: number };
  readonly maxBodyBytes: number;
  readonly acceptStatus: readonly number[];
}

function aborted(place: RemotePlace, signal: AbortSignal): IndexerError {
  return sourceError(
    'INGEST_ERR_SOURCE_ABORTED',
    `Reading ${describePlace(place)} was aborted; read again to continue.`,
    { source: place.source, url: place.url, cursor: place.cursor, ledger: place.ledger },
    signal.reason,
  );
}

function reasonOf(cause: unknown): string {
  const inner = (cause as { cause?: unknown }).cause;
  const own = cause instanceof Error ? cause.message : String(cause);
  if (inner instanceof Error) {
    const code = (inner as NodeJS.ErrnoException).code;
    return `${own}: ${code === undefined ? inner.message : `${code} ${inner.message}`}`;
  }
  return own;
}

function statusError(response: Response, place: RemotePlace): IndexerError {
  const { status } = response;
  const where = describePlace(place);
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  const extra = { status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (status === 429) {
    return remoteError(
      'INGEST_ERR_REMOTE_RATE_LIMITED',
      `${where} answered 429 Too Many Requests${retryAfterMs === undefined ? '' : ` (Retry-After ${retryAfterMs} ms)`}. Lower the request rate or use a server with a higher limit.`,
      place,
      extra,
    );
  }
  if (status >= 500 || status === 408) {
    return remoteError(
      'INGEST_ERR_REMOTE_SERVER',
      `${where} answered HTTP ${status} ${response.statusText}. The server is failing; rerun later to resume.`,
      place,
      extra,
    );
  }
  if (status === 404) {
    return remoteError(
      'INGEST_ERR_REMOTE_NOT_FOUND',
      `${where} answered 404 Not Found. Check the URL.`,
      place,
      extra,
    );
  }
  return remoteError(
    'INGEST_ERR_REMOTE_HTTP',
    `${where} answered HTTP ${status} ${response.statusText}. Check the URL and any credentials it needs.`,
    place,
    extra,
  );
}

/**
 * One HTTP request on built-in fetch, with a deadline for the headers and an idle timeout for the
 * body. Failures become typed errors naming the place; the caller's abort becomes
 * INGEST_ERR_SOURCE_ABORTED.
 */
export async function openResponse(options: OpenResponseOptions): Promise<OpenedResponse> {
  const { place, timeouts, signal } = options;
  const where = describePlace(place);
  if (signal?.aborted) throw aborted(place, signal);
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut: 'response' | 'body' | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (phase: 'response' | 'body', ms: number): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = phase;
      controller.abort();
    }, ms);
  };
  const finish = (): void => {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  };
  const failure = (cause: unknown, phase: 'response' | 'body'): IndexerError => {
    finish();
    if (signal?.aborted) return aborted(place, signal);
    if (timedOut === 'response') {
      return remoteError(
        'INGEST_ERR_REMOTE_TIMEOUT',
        `${where} did not answer within ${timeouts.responseMs} ms.`,
        place,
        { phase: 'response', timeoutMs: timeouts.responseMs },
        cause,
      );
    }
    if (timedOut === 'body') {
      return remoteError(
        'INGEST_ERR_REMOTE_TIMEOUT',
        `The response of ${where} stalled: no data for ${timeouts.idleMs} ms.`,
        place,
        { phase: 'body', timeoutMs: timeouts.idleMs },
        cause,
      );
    }
    if (phase === 'response') {
      return remoteError(
        'INGEST_ERR_REMOTE_CONNECTION',
        `Cannot reach ${where} (${reasonOf(cause)}). Check the URL and the network.`,
        place,
        {},
        cause,
      );
    }
    return remoteError(
      'INGEST_ERR_REMOTE_TRUNCATED',
      `The response of ${where} was cut off mid-body (${reasonOf(cause)}).`,
      place,
      {},
      cause,
    );
  };

  arm('response', timeouts.responseMs);
  let response: Response;
  try {
    response = await options.fetch(options.url, { ...options.init, signal: controller.signal });
  } catch (cause) {
    throw failure(cause, 'response');
  }
  clearTimeout(timer);
  if (!response.ok && !options.acceptStatus.includes(response.status)) {
    const error = statusError(response, place);
    finish();
    controller.abort();
    await response.body?.cancel().catch(() => undefined);
    throw error;
  }
  const declared = response.headers.get('content-length');
  const expected =
    declared === null || response.headers.has('content-encoding') ? undefined : Number(declared);

  let used = false;
  async function* chunks(): AsyncGenerator<Uint8Array, void, undefined> {
    used = true;
    const body = response.body;
    if (body === null) {
      finish();
      return;
    }
    const reader = body.getReader();
    let received = 0;
    let done = false;
    try {
      while (true) {
        arm('body', timeouts.idleMs);
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } catch (cause) {
          throw failure(cause, 'body');
        }
        clearTimeout(timer);
        if (next.done) break;
        received += next.value.byteLength;
        if (received > options.maxBodyBytes) {
          throw remoteError(
            'INGEST_ERR_REMOTE_MALFORMED',
            `The response of ${where} is larger than ${options.maxBodyBytes} bytes, the most read into memory.`,
            place,
            { field: 'body', bytes: received },
          );
        }
        yield next.value;
      }
      done = true;
      if (expected !== undefined && Number.isSafeInteger(expected) && received !== expected) {
        throw remoteError(
          'INGEST_ERR_REMOTE_TRUNCATED',
          `The response of ${where} ended after ${received} of the ${expected} bytes its Content-Length announced.`,
          place,
          { bytes: received, expected },
        );
      }
    } finally {
      finish();
      if (!done) {
        controller.abort();
        await reader.cancel().catch(() => undefined);
      }
      reader.releaseLock();
    }
  }

  return {
    response,
    chunks,
    async bytes(): Promise<Uint8Array> {
      const parts: Uint8Array[] = [];
      let length = 0;
      for await (const chunk of chunks()) {
        parts.push(chunk);
        length += chunk.byteLength;
      }
      if (parts.length === 1 && parts[0] !== undefined) return parts[0];
      const out = new Uint8Array(length);
      let at = 0;
      for (const part of parts) {
        out.set(part, at);
        at += part.byteLength;
      }
      return out;
    },
    close(): void {
      finish();
      controller.abort();
      if (!used) response.body?.cancel().catch(() => undefined);
    },
  };
}
