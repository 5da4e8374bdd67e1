import http from 'node:http';
import https from 'node:https';
import { hasErrorCode } from '../../contracts/errors.ts';
import { refusedAddressKind, stripBrackets } from './address-policy.ts';
import { createGuardedLookup, type ResolveHost } from './guarded-lookup.ts';
import type { ResolvedWebhookConfig } from './webhook-config.ts';
import {
  IDEMPOTENCY_HEADER,
  SIGNATURE_HEADER,
  signWebhookBody,
  TIMESTAMP_HEADER,
} from './webhook-signature.ts';

/** What one POST came to. `reject` is final (dead letter now); `retry` may succeed later. */
export type AttemptOutcome =
  | { readonly kind: 'delivered'; readonly status: number }
  | {
      readonly kind: 'retry';
      readonly status: number | null;
      readonly error: string;
      /** The receiver's Retry-After, ms, when it sent one. */
      readonly retryAfterMs?: number;
    }
  | {
      readonly kind: 'reject';
      readonly code: 'DELIVER_ERR_WEBHOOK_REJECTED' | 'DELIVER_ERR_PRIVATE_TARGET';
      readonly status: number | null;
      readonly error: string;
    }
  | { readonly kind: 'aborted' };

const MAX_BODY_KEPT = 512;

/**
 * One signed POST of a firing to a webhook: resolves and checks the target (createGuardedLookup),
 * sends the body with timestamp, signature and idempotency headers, and classifies the answer:
 * 2xx delivered; 5xx, 429, timeouts and connection errors retry; other statuses reject.
 */
export function postWebhook(input: {
  readonly webhook: ResolvedWebhookConfig;
  readonly body: string;
  readonly eventId: string;
  readonly resolve: ResolveHost;
  readonly signal: AbortSignal;
  /** Unix seconds for the timestamp header; defaults to the clock. */
  readonly now?: number;
}): Promise<AttemptOutcome> {
  const { webhook, body, signal } = input;
  if (signal.aborted) return Promise.resolve({ kind: 'aborted' });
  const url = new URL(webhook.url);
  const literalKind = webhook.allowPrivate ? null : refusedAddressKind(stripBrackets(url.hostname));
  if (literalKind !== null)
    return Promise.resolve({
      kind: 'reject',
      code: 'DELIVER_ERR_PRIVATE_TARGET',
      status: null,
      error: `${url.hostname} is a ${literalKind} address, refused as a target; set allowPrivate: true if it is trusted`,
    });
  const timestamp = input.now ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    ...webhook.headers,
    'Content-Type': 'application/json',
    'Content-Length': String(Buffer.byteLength(body)),
    'User-Agent': 'stellar-indexer-webhooks',
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: signWebhookBody({ secret: webhook.secret, timestamp, body }),
    [IDEMPOTENCY_HEADER]: input.eventId,
  };
  const lookup = createGuardedLookup({
    resolve: input.resolve,
    allowPrivate: webhook.allowPrivate,
    webhook: webhook.name,
  });

  return new Promise<AttemptOutcome>((settle) => {
    let done = false;
    const finish = (outcome: AttemptOutcome): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      settle(outcome);
    };
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(url, { method: 'POST', headers, agent: false, lookup }, (response) => {
      const kept: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        if (size < MAX_BODY_KEPT) kept.push(chunk);
        size += chunk.length;
      });
      response.on('end', () => {
        const text = Buffer.concat(kept).toString('utf8').slice(0, MAX_BODY_KEPT);
        finish(classify(response.statusCode ?? 0, text, response.headers['retry-after']));
      });
      response.on('close', () =>
        finish({
          kind: 'retry',
          status: response.statusCode ?? null,
          error: 'the connection closed before the response ended',
        }),
      );
      response.on('error', (error) =>
        finish({
          kind: 'retry',
          status: response.statusCode ?? null,
          error: `reading the response: ${error.message}`,
        }),
      );
    });
    request.on('error', (error) => {
      if (signal.aborted) finish({ kind: 'aborted' });
      else if (hasErrorCode(error, 'DELIVER_ERR_PRIVATE_TARGET'))
        finish({ kind: 'reject', code: 'DELIVER_ERR_PRIVATE_TARGET', status: null, error: error.message });
      else finish({ kind: 'retry', status: null, error: describeNetworkError(error) });
    });
    const timer = setTimeout(() => {
      finish({ kind: 'retry', status: null, error: `no complete answer within ${webhook.timeoutMs} ms` });
      request.destroy();
    }, webhook.timeoutMs);
    const onAbort = (): void => {
      finish({ kind: 'aborted' });
      request.destroy();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
}

function classify(status: number, text: string, retryAfter: string | undefined): AttemptOutcome {
  if (status >= 200 && status < 300) return { kind: 'delivered', status };
  const error = `HTTP ${status}${text.trim() === '' ? '' : `: ${text.trim().replace(/\s+/g, ' ')}`}`;
  if (status >= 500 || status === 429) {
    const retryAfterMs = parseRetryAfter(retryAfter);
    return retryAfterMs === undefined
      ? { kind: 'retry', status, error }
      : { kind: 'retry', status, error, retryAfterMs };
  }
  const why =
    status >= 300 && status < 400 ? `${error} (redirects are not followed; use the final URL)` : error;
  return { kind: 'reject', code: 'DELIVER_ERR_WEBHOOK_REJECTED', status, error: why };
}

function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function describeNetworkError(error: Error): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === undefined || error.message.includes(code) ? error.message : `${code}: ${error.message}`;
}
