import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_HEADER = 'X-Stellar-Indexer-Timestamp';
export const SIGNATURE_HEADER = 'X-Stellar-Indexer-Signature';
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`, the value of X-Stellar-Indexer-Signature. */
export function signWebhookBody(input: {
  readonly secret: string;
  readonly timestamp: number | string;
  readonly body: string | Uint8Array;
}): string {
  const hmac = createHmac('sha256', input.secret);
  hmac.update(`${input.timestamp}.`);
  hmac.update(input.body);
  return `sha256=${hmac.digest('hex')}`;
}

export type WebhookVerification =
  | { readonly valid: true }
  | { readonly valid: false; readonly reason: 'malformed' | 'stale' | 'mismatch' };

/**
 * For receivers: checks X-Stellar-Indexer-Signature against the raw request body (the exact bytes
 * received, not re-serialized JSON) and that X-Stellar-Indexer-Timestamp is within toleranceSeconds
 * (default 300) of now, which bounds replays. Compares in constant time.
 */
export function verifyWebhookSignature(input: {
  readonly secret: string;
  readonly timestamp: number | string | undefined;
  readonly body: string | Uint8Array;
  readonly signature: string | undefined;
  readonly toleranceSeconds?: number;
  /** Unix seconds; defaults to the clock. */
  readonly now?: number;
}): WebhookVerification {
  const ts = typeof input.timestamp === 'number' ? input.timestamp : Number(input.timestamp);
  const text = String(input.timestamp ?? '');
  if (input.signature === undefined || !Number.isSafeInteger(ts) || !/^\d{1,12}$/.test(text))
    return { valid: false, reason: 'malformed' };
  if (!/^sha256=[0-9a-f]{64}$/.test(input.signature)) return { valid: false, reason: 'malformed' };
  const now = input.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - ts) > (input.toleranceSeconds ?? 300)) return { valid: false, reason: 'stale' };
  const expected = Buffer.from(signWebhookBody({ secret: input.secret, timestamp: text, body: input.body }));
  const given = Buffer.from(input.signature);
  return timingSafeEqual(expected, given) ? { valid: true } : { valid: false, reason: 'mismatch' };
}
