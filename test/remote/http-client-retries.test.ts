import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../contracts/errors.ts';
import { remoteError } from '../../ingest/remote/errors.ts';
import { createHttpClient } from '../../ingest/remote/http/http-client.ts';
import { backoffDelay, parseRetryAfter, retryPolicy, withRetries } from '../../ingest/remote/http/retry.ts';
import { createFaultInjector } from '../helpers/replay/faults.ts';
import { sendBody } from '../helpers/replay/send-body.ts';

const faults = createFaultInjector();
let app: FastifyInstance;
let base: string;
const BODY = Buffer.from(JSON.stringify({ hello: 'world', padding: 'x'.repeat(4000) }));

beforeAll(async () => {
  app = Fastify({ forceCloseConnections: true });
  const open = new Set<import('node:http').ServerResponse>();
  app.get('/data', async (request, reply) => {
    sendBody(reply, BODY, 'application/json', faults.take({ path: request.url }), open);
    return reply;
  });
  app.get('/forbidden', async (_request, reply) => reply.code(403).send('no'));
  app.addHook('onClose', async () => {
    for (const res of open) res.destroy();
  });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(() => app.close());

const place = { source: 'test-source', cursor: 'c-7', ledger: 42 };

function client(events: { code: string; delayMs: number }[] = []) {
  return createHttpClient({
    retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 },
    timeouts: { responseMs: 1000, idleMs: 200 },
    onRetry: (e) => events.push({ code: e.error.code, delayMs: e.delayMs }),
  });
}

const getJson = (c: ReturnType<typeof client>) =>
  c.fetchBytes({ url: `${base}/data`, place }, ({ bytes }) => JSON.parse(Buffer.from(bytes).toString()));

describe('shared HTTP client for remote sources', () => {
  it('retries a 5xx, a dropped connection and a stalled body, then returns the body', async () => {
    faults.inject({ kind: 'server-error', status: 502, times: 1 });
    faults.inject({ kind: 'disconnect' });
    faults.inject({ kind: 'stall' });
    const events: { code: string; delayMs: number }[] = [];
    expect((await getJson(client(events))).hello).toBe('world');
    expect(events.map((e) => e.code)).toEqual([
      'INGEST_ERR_REMOTE_SERVER',
      'INGEST_ERR_REMOTE_TRUNCATED',
      'INGEST_ERR_REMOTE_TIMEOUT',
    ]);
    for (const e of events) expect(e.delayMs).toBeLessThanOrEqual(20);
  });

  it("waits as long as a 429's Retry-After asks", async () => {
    faults.inject({ kind: 'rate-limit', retryAfterSeconds: 1 });
    const events: { code: string; delayMs: number }[] = [];
    const t0 = performance.now();
    expect((await getJson(client(events))).hello).toBe('world');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(990);
    expect(events).toEqual([{ code: 'INGEST_ERR_REMOTE_RATE_LIMITED', delayMs: 1000 }]);
  });

  it('gives up after the last attempt with a typed error naming source, URL, cursor and ledger', async () => {
    faults.inject({ kind: 'server-error', times: 4 });
    const error = await getJson(client()).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(hasErrorCode(error, 'INGEST_ERR_REMOTE_SERVER')).toBe(true);
    const typed = error as { details: Record<string, unknown>; message: string; retryable: boolean };
    expect(typed.details).toMatchObject({
      source: 'test-source',
      url: `${base}/data`,
      cursor: 'c-7',
      ledger: 42,
      status: 503,
      attempts: 4,
    });
    expect(typed.message).toContain('Gave up after 4 attempts');
    expect(typed.retryable).toBe(true);
  });

  it('re-fetches a body that the parser finds damaged, and does not retry a 403', async () => {
    faults.inject({ kind: 'truncate' });
    const c = client();
    const value = await c.fetchBytes({ url: `${base}/data`, place }, ({ bytes }) => {
      try {
        return JSON.parse(Buffer.from(bytes).toString());
      } catch (cause) {
        throw remoteError('INGEST_ERR_REMOTE_MALFORMED', 'cut JSON', place, {}, cause);
      }
    });
    expect(value.hello).toBe('world');
    const events: { code: string; delayMs: number }[] = [];
    const refused = await client(events)
      .fetchBytes({ url: `${base}/forbidden`, place }, () => 1)
      .catch((e: unknown) => e);
    expect(hasErrorCode(refused, 'INGEST_ERR_REMOTE_HTTP')).toBe(true);
    expect(events).toEqual([]);
  });

  it('names a refused connection, and stops waiting on abort', async () => {
    const closed = Fastify();
    const url = await closed.listen({ host: '127.0.0.1', port: 0 });
    await closed.close();
    const refused = await client()
      .fetchBytes({ url, place }, () => 1)
      .catch((e: unknown) => e);
    expect(hasErrorCode(refused, 'INGEST_ERR_REMOTE_CONNECTION')).toBe(true);
    expect((refused as Error).message).toContain(url);

    faults.inject({ kind: 'stall' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const aborted = await createHttpClient({ timeouts: { idleMs: 10_000 } })
      .fetchBytes({ url: `${base}/data`, place, signal: controller.signal }, () => 1)
      .catch((e: unknown) => e);
    expect(hasErrorCode(aborted, 'INGEST_ERR_SOURCE_ABORTED')).toBe(true);
  });
});

describe('retry policy', () => {
  it('backs off exponentially with full jitter, capped', () => {
    const policy = retryPolicy({ baseDelayMs: 100, maxDelayMs: 1000 });
    expect(backoffDelay(policy, 0, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(800);
    expect(backoffDelay(policy, 10, () => 1)).toBe(1000);
    expect(backoffDelay(policy, 10, () => 0)).toBe(0);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(
      parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT')),
    ).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });

  it('passes non-retryable errors through at once', async () => {
    let calls = 0;
    const error = await withRetries(
      async () => {
        calls++;
        throw remoteError('INGEST_ERR_REMOTE_RPC', 'refused', place);
      },
      { policy: retryPolicy({ attempts: 5 }), place },
    ).catch((e: unknown) => e);
    expect(hasErrorCode(error, 'INGEST_ERR_REMOTE_RPC')).toBe(true);
    expect(calls).toBe(1);
  });
});
