import { afterEach, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../contracts/errors.ts';
import type { BusMessage } from '../../contracts/message-bus.ts';
import { createInProcessBus } from '../../messaging/in-process-bus.ts';
import {
  createTriggerDispatcher,
  type TriggerDispatcherOptions,
} from '../../triggers/deliver/create-trigger-dispatcher.ts';
import type { WebhookConfig } from '../../triggers/deliver/webhook-config.ts';
import { verifyWebhookSignature } from '../../triggers/deliver/webhook-signature.ts';
import { appendFirings, createWorkspace, firing, SECRET, startReceiver, waitFor } from './deliver-harness.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(webhooks: readonly WebhookConfig[], extra: Partial<TriggerDispatcherOptions> = {}) {
  const ws = createWorkspace();
  const bus = createInProcessBus();
  cleanups.push(
    () => ws.dispose(),
    () => bus.close(),
  );
  const open = () => {
    const dispatcher = createTriggerDispatcher({
      store: ws.store,
      bus,
      webhooks,
      statePath: ws.statePath,
      pollIntervalMs: 50,
      ...extra,
    });
    cleanups.push(() => dispatcher.stop());
    return dispatcher;
  };
  return { ws, bus, open };
}

async function receiver(respond?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(respond);
  cleanups.push(() => r.close());
  return r;
}

const hook = (name: string, url: string, over: Partial<WebhookConfig> = {}): WebhookConfig => ({
  name,
  url,
  secret: SECRET,
  allowPrivate: true,
  backoffMs: 10,
  maxBackoffMs: 40,
  timeoutMs: 2000,
  ...over,
});

describe('webhook delivery', () => {
  it('POSTs each firing once with a verifiable signature, timestamp and idempotency key, and resumes after a restart', async () => {
    const r = await receiver();
    const { ws, open } = await setup([hook('bot', r.url, { headers: { Authorization: 'Bearer t0k3n' } })]);
    await appendFirings(ws.store, [
      firing('big-transfer', 100, ['webhook:bot']),
      firing('big-transfer', 101, ['webhook:bot']),
    ]);
    const first = open();
    await first.start();
    first.notify();
    await waitFor('two webhook requests', () => r.requests.length === 2);

    const request = r.requests[0];
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/hook');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers.authorization).toBe('Bearer t0k3n');
    expect(request?.headers['idempotency-key']).toBe('big-transfer:100');
    const timestamp = Number(request?.headers['x-stellar-indexer-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(30);
    const verification = verifyWebhookSignature({
      secret: SECRET,
      timestamp: request?.headers['x-stellar-indexer-timestamp'] as string,
      signature: request?.headers['x-stellar-indexer-signature'] as string,
      body: request?.body ?? '',
    });
    expect(verification).toEqual({ valid: true });
    expect(
      verifyWebhookSignature({
        secret: 'some-other-secret-value',
        timestamp: request?.headers['x-stellar-indexer-timestamp'] as string,
        signature: request?.headers['x-stellar-indexer-signature'] as string,
        body: request?.body ?? '',
      }).valid,
    ).toBe(false);
    const stored = [];
    for await (const e of ws.store.readStream('triggers')) stored.push(e);
    expect(JSON.parse(request?.body ?? '')).toEqual(stored[0]?.payload);
    expect(JSON.parse(request?.body ?? '').data.values.amount).toBe('12345678901234567890');

    await waitFor('progress of the second', () => first.stats()['webhook:bot']?.delivered === 2);
    await first.stop();
    await appendFirings(ws.store, [firing('big-transfer', 102, ['webhook:bot'])]);
    const second = open();
    await second.start();
    second.notify();
    await waitFor('the third request', () => r.requests.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(r.requests.map((q) => q.headers['idempotency-key'])).toEqual([
      'big-transfer:100',
      'big-transfer:101',
      'big-transfer:102',
    ]);
    expect(second.listDeadLetters()).toEqual([]);
  });

  it('retries after 500s with the same idempotency key and then succeeds', async () => {
    const r = await receiver((_req, index) => (index < 2 ? 500 : 200));
    const { ws, open } = await setup([hook('bot', r.url, { maxAttempts: 5 })]);
    await appendFirings(ws.store, [firing('flaky', 7, ['webhook:bot'])]);
    const d = open();
    await d.start();
    await waitFor('delivery after retries', () => d.stats()['webhook:bot']?.delivered === 1);
    expect(r.requests).toHaveLength(3);
    expect(new Set(r.requests.map((q) => q.headers['idempotency-key']))).toEqual(new Set(['flaky:7']));
    expect(d.stats()['webhook:bot']).toMatchObject({
      delivered: 1,
      retries: 2,
      deadLetters: 0,
      lastRevision: 0n,
    });
    expect(d.listDeadLetters()).toEqual([]);
  });

  it('dead-letters a firing after maxAttempts failures and moves on to the next', async () => {
    const r = await receiver((req) => (req.headers['idempotency-key'] === 'doomed:1' ? 503 : 200));
    const { ws, open } = await setup([hook('bot', r.url, { maxAttempts: 3 })]);
    await appendFirings(ws.store, [firing('doomed', 1, ['webhook:bot']), firing('fine', 2, ['webhook:bot'])]);
    const d = open();
    await d.start();
    await waitFor('the next firing delivered', () => d.stats()['webhook:bot']?.delivered === 1);
    expect(r.requests.map((q) => q.headers['idempotency-key'])).toEqual([
      'doomed:1',
      'doomed:1',
      'doomed:1',
      'fine:2',
    ]);
    const letters = d.listDeadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      eventId: 'doomed:1',
      rule: 'doomed',
      sink: 'webhook:bot',
      revision: 0n,
      attempts: 3,
      lastStatus: 503,
      code: 'DELIVER_ERR_WEBHOOK_FAILED',
    });
    expect(letters[0]?.lastError).toMatch(/HTTP 503.*gave up after 3 attempt/);
    expect(Number.isNaN(Date.parse(letters[0]?.failedAt ?? ''))).toBe(false);
    expect(d.stats()['webhook:bot']).toMatchObject({ delivered: 1, retries: 2, deadLetters: 1 });
  });

  it('dead-letters at once on a 4xx other than 429, and retries a 429', async () => {
    const r = await receiver((req, index) =>
      req.headers['idempotency-key'] === 'bad-request:1' ? 422 : index === 1 ? 429 : 200,
    );
    const { ws, open } = await setup([hook('bot', r.url, { maxAttempts: 5 })]);
    await appendFirings(ws.store, [
      firing('bad-request', 1, ['webhook:bot']),
      firing('limited', 2, ['webhook:bot']),
    ]);
    const d = open();
    await d.start();
    await waitFor('the 429 retried and delivered', () => d.stats()['webhook:bot']?.delivered === 1);
    expect(r.requests.map((q) => q.headers['idempotency-key'])).toEqual([
      'bad-request:1',
      'limited:2',
      'limited:2',
    ]);
    expect(d.listDeadLetters({ sink: 'webhook:bot' })).toMatchObject([
      { eventId: 'bad-request:1', attempts: 1, lastStatus: 422, code: 'DELIVER_ERR_WEBHOOK_REJECTED' },
    ]);
  });

  it('retries an attempt that times out', async () => {
    const r = await receiver((_req, index) => (index === 0 ? 'hang' : 200));
    const { ws, open } = await setup([hook('bot', r.url, { timeoutMs: 1000 })]);
    await appendFirings(ws.store, [firing('slow', 1, ['webhook:bot'])]);
    const d = open();
    await d.start();
    await waitFor('delivery after the timeout', () => d.stats()['webhook:bot']?.delivered === 1);
    expect(r.requests).toHaveLength(2);
    expect(d.stats()['webhook:bot']?.retries).toBe(1);
  });

  it('retries connection errors and dead-letters with the network error after maxAttempts', async () => {
    const gone = await startReceiver();
    await gone.close();
    const { ws, open } = await setup([hook('gone', gone.url, { maxAttempts: 2 })]);
    await appendFirings(ws.store, [firing('nobody-home', 3, ['webhook:gone'])]);
    const d = open();
    await d.start();
    await waitFor('the dead letter', () => d.stats()['webhook:gone']?.deadLetters === 1);
    const [letter] = d.listDeadLetters();
    expect(letter).toMatchObject({ attempts: 2, lastStatus: null, code: 'DELIVER_ERR_WEBHOOK_FAILED' });
    expect(letter?.lastError).toMatch(/ECONNREFUSED/);
    expect(d.stats()['webhook:gone']?.retries).toBe(1);
  });

  it('refuses a hostname that resolves to a private address unless allowPrivate, and connects to the checked address', async () => {
    const r = await receiver();
    const resolveHost = async (hostname: string) =>
      hostname === 'hooks.example.test' ? [{ address: '127.0.0.1', family: 4 }] : [];
    const url = `http://hooks.example.test:${r.port}/hook`;
    const { ws, open } = await setup(
      [hook('guarded', url, { allowPrivate: false }), hook('trusted', url, { allowPrivate: true })],
      { resolveHost },
    );
    await appendFirings(ws.store, [firing('watch', 5, ['webhook:guarded', 'webhook:trusted'])]);
    const d = open();
    await d.start();
    await waitFor('the trusted delivery and the refusal', () => {
      const s = d.stats();
      return s['webhook:trusted']?.delivered === 1 && s['webhook:guarded']?.deadLetters === 1;
    });
    expect(r.requests).toHaveLength(1);
    expect(r.requests[0]?.headers.host).toBe(`hooks.example.test:${r.port}`);
    const [letter] = d.listDeadLetters({ sink: 'webhook:guarded' });
    expect(letter).toMatchObject({
      eventId: 'watch:5',
      attempts: 1,
      lastStatus: null,
      code: 'DELIVER_ERR_PRIVATE_TARGET',
    });
    expect(letter?.lastError).toMatch(/hooks\.example\.test resolves to 127\.0\.0\.1, a loopback address/);
  });

  it('refuses a literal private target when the dispatcher is created', async () => {
    const ws = createWorkspace();
    cleanups.push(() => ws.dispose());
    const error = (() => {
      try {
        createTriggerDispatcher({
          store: ws.store,
          bus: createInProcessBus(),
          webhooks: [{ name: 'lan', url: 'http://192.168.1.20:9000/hook', secret: SECRET }],
          statePath: ws.statePath,
        });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(hasErrorCode(error, 'DELIVER_ERR_PRIVATE_TARGET')).toBe(true);
    expect((error as Error).message).toContain('webhooks[lan].url');
  });

  it('dead-letters an unknown webhook once, while NATS keeps delivering past a failing webhook', async () => {
    const r = await receiver(() => 500);
    const { ws, bus, open } = await setup([
      hook('down', r.url, { maxAttempts: 4, backoffMs: 100, maxBackoffMs: 100 }),
    ]);
    const published: BusMessage[] = [];
    bus.subscribe('triggers.>', (m) => published.push(m));
    await appendFirings(ws.store, [
      firing('a', 1, ['nats', 'webhook:down', 'webhook:nope']),
      firing('a', 2, ['nats', 'webhook:down']),
      firing('a', 3, ['nats']),
    ]);
    const d = open();
    await d.start();
    await waitFor('all three on the bus', () => published.length === 3);
    expect(d.stats()['webhook:down']?.deadLetters ?? 0).toBe(0);
    expect(published.map((m) => m.headers['Nats-Msg-Id'])).toEqual(['a:1', 'a:2', 'a:3']);
    expect(published.map((m) => m.subject)).toEqual(['triggers.a', 'triggers.a', 'triggers.a']);
    await waitFor('the unknown webhook dead-lettered', () => d.stats()['webhook:nope']?.deadLetters === 1);
    await d.stop();

    const again = open();
    await again.start();
    await appendFirings(ws.store, [firing('a', 4, ['webhook:nope'])]);
    again.notify();
    await waitFor(
      'the later unknown target dead-lettered',
      () => again.stats()['webhook:nope']?.deadLetters === 1,
    );
    const unknown = again.listDeadLetters({ sink: 'webhook:nope' });
    expect(unknown.map((l) => l.eventId)).toEqual(['a:1', 'a:4']);
    expect(unknown[0]).toMatchObject({
      eventId: 'a:1',
      rule: 'a',
      attempts: 0,
      code: 'DELIVER_ERR_UNKNOWN_SINK',
    });
    expect(unknown[0]?.lastError).toMatch(/webhook:nope, which is not configured \(webhooks: webhook:down\)/);
  });
});
