import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../contracts/errors.ts';
import { refusedAddressKind } from '../../triggers/deliver/address-policy.ts';
import {
  checkWebhookConfigs,
  validateWebhookConfigs,
  type WebhookConfigError,
} from '../../triggers/deliver/webhook-config.ts';
import { signWebhookBody, verifyWebhookSignature } from '../../triggers/deliver/webhook-signature.ts';

const SECRET = 'a-long-enough-secret-123';

describe('webhook config validation', () => {
  it('fills the defaults and freezes the result', () => {
    const [hook] = validateWebhookConfigs([
      { name: 'bot-a', url: 'https://hooks.example.com/x', secret: SECRET },
    ]);
    expect(hook).toEqual({
      name: 'bot-a',
      url: 'https://hooks.example.com/x',
      secret: SECRET,
      maxAttempts: 5,
      backoffMs: 1000,
      maxBackoffMs: 60_000,
      timeoutMs: 10_000,
      allowPrivate: false,
      headers: {},
    });
    expect(Object.isFrozen(hook)).toBe(true);
  });

  it('reports every problem of every webhook at once, naming the webhook and field', () => {
    const { webhooks, problems } = checkWebhookConfigs([
      { name: 'ok', url: 'http://93.184.216.34/in', secret: SECRET, headers: { Authorization: 'Bearer x' } },
      {
        name: 'bad name!',
        url: 'ftp://example.com',
        secret: 'short',
        maxAttempts: 0,
        backoffMs: 2.5,
        timeoutMs: -1,
        allowPrivate: 'yes',
        retries: 3,
      },
      {
        name: 'hdr',
        url: 'https://user:pw@example.com',
        secret: SECRET,
        headers: { 'Idempotency-Key': 'x' },
      },
      { name: 'ok', url: 'https://example.com', secret: SECRET, backoffMs: 5000, maxBackoffMs: 100 },
      'not an object',
    ]);
    expect(webhooks.map((w) => w.name)).toEqual(['ok']);
    expect(webhooks[0]?.headers).toEqual({ Authorization: 'Bearer x' });
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual([
      'webhooks[bad name!].retries',
      'webhooks[bad name!].name',
      'webhooks[bad name!].secret',
      'webhooks[bad name!].allowPrivate',
      'webhooks[bad name!].url',
      'webhooks[bad name!].maxAttempts',
      'webhooks[bad name!].backoffMs',
      'webhooks[bad name!].timeoutMs',
      'webhooks[hdr].url',
      'webhooks[hdr].headers.Idempotency-Key',
      'webhooks[ok].maxBackoffMs',
      'webhooks[ok].name',
      'webhooks[4]',
    ]);
    expect(problems.every((p) => p.code === 'DELIVER_ERR_WEBHOOK_CONFIG')).toBe(true);
    expect(problems.find((p) => p.path.endsWith('.secret'))?.message).toMatch(/at least 16 characters/);

    const thrown = (() => {
      try {
        validateWebhookConfigs([{ name: 'x', url: 'nope', secret: 's' }], 'rules/bots.yaml');
      } catch (error) {
        return error as WebhookConfigError;
      }
      return undefined;
    })();
    expect(hasErrorCode(thrown, 'DELIVER_ERR_WEBHOOK_CONFIG')).toBe(true);
    expect(thrown?.problems).toHaveLength(2);
    expect(thrown?.message).toContain('rules/bots.yaml');
    expect(thrown?.message).toContain('webhooks[x].url');
  });

  it('refuses literal private, loopback, link-local, unique-local and unspecified hosts unless allowPrivate', () => {
    const refused = [
      'http://127.0.0.1:8080/',
      'http://10.1.2.3/',
      'http://172.20.0.1/',
      'http://192.168.1.10/',
      'http://169.254.169.254/latest/meta-data',
      'http://0.0.0.0/',
      'http://[::1]/',
      'http://[::]/',
      'http://[fe80::1]/',
      'http://[fd12:3456::1]/',
      'http://[::ffff:192.168.0.1]/',
      'http://2130706433/',
      'http://localhost:3000/',
    ];
    for (const url of refused) {
      const error = (() => {
        try {
          validateWebhookConfigs([{ name: 'h', url, secret: SECRET }]);
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(hasErrorCode(error, 'DELIVER_ERR_PRIVATE_TARGET'), url).toBe(true);
      expect((error as Error).message).toMatch(/allowPrivate/);
      expect(validateWebhookConfigs([{ name: 'h', url, secret: SECRET, allowPrivate: true }])).toHaveLength(
        1,
      );
    }
    expect(validateWebhookConfigs([{ name: 'h', url: 'https://8.8.8.8/x', secret: SECRET }])).toHaveLength(1);
  });

  it('classifies IPv4 and IPv6 addresses, including IPv4 embedded in IPv6', () => {
    const cases: [string, string | null][] = [
      ['127.0.0.53', 'loopback'],
      ['10.0.0.1', 'private'],
      ['172.15.0.1', null],
      ['172.31.255.255', 'private'],
      ['192.168.0.1', 'private'],
      ['100.100.0.1', 'shared (carrier-grade NAT)'],
      ['169.254.1.1', 'link-local'],
      ['0.0.0.0', 'unspecified'],
      ['239.1.1.1', 'multicast'],
      ['1.1.1.1', null],
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['fe80::abcd%eth0', 'link-local'],
      ['fc00::1', 'unique-local'],
      ['fdff:ffff::1', 'unique-local'],
      ['::ffff:10.0.0.1', 'private'],
      ['::ffff:7f00:1', 'loopback'],
      ['64:ff9b::a9fe:a9fe', 'link-local'],
      ['2002:7f00:0001::1', 'loopback'],
      ['ff02::1', 'multicast'],
      ['2001:4860:4860::8888', null],
      ['::ffff:1.1.1.1', null],
    ];
    for (const [address, kind] of cases) expect(refusedAddressKind(address), address).toBe(kind);
  });
});

describe('webhook signatures', () => {
  const body = '{"id":"big-transfer:100","data":{"amount":"12345678901234567890"}}';

  it('verifies what the dispatcher signs, within the tolerance', () => {
    const signature = signWebhookBody({ secret: SECRET, timestamp: 1_700_000_000, body });
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        timestamp: '1700000000',
        body,
        signature,
        now: 1_700_000_100,
      }),
    ).toEqual({ valid: true });
    expect(
      verifyWebhookSignature({
        secret: SECRET,
        timestamp: 1_700_000_000,
        body: new TextEncoder().encode(body),
        signature,
        now: 1_700_000_000,
      }).valid,
    ).toBe(true);
  });

  it('rejects a changed body, another secret, an old timestamp and a malformed header', () => {
    const signature = signWebhookBody({ secret: SECRET, timestamp: 1_700_000_000, body });
    const check = (over: Partial<Parameters<typeof verifyWebhookSignature>[0]>) =>
      verifyWebhookSignature({
        secret: SECRET,
        timestamp: 1_700_000_000,
        body,
        signature,
        now: 1_700_000_000,
        ...over,
      });
    expect(check({ body: body.replace('9', '8') })).toEqual({ valid: false, reason: 'mismatch' });
    expect(check({ secret: `${SECRET}x` })).toEqual({ valid: false, reason: 'mismatch' });
    expect(check({ timestamp: 1_700_000_001 })).toEqual({ valid: false, reason: 'mismatch' });
    expect(check({ now: 1_700_000_301 })).toEqual({ valid: false, reason: 'stale' });
    expect(check({ now: 1_700_000_301, toleranceSeconds: 600 })).toEqual({ valid: true });
    expect(check({ signature: 'sha1=abc' })).toEqual({ valid: false, reason: 'malformed' });
    expect(check({ signature: undefined })).toEqual({ valid: false, reason: 'malformed' });
    expect(check({ timestamp: 'yesterday' })).toEqual({ valid: false, reason: 'malformed' });
  });
});
