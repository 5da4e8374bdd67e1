import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiKeyStore, openApiKeyStore } from '../../api/auth/key-store.ts';
import { createApiServer } from '../../api/server.ts';
import { type ApiFixture, createApiFixture } from './helpers/api-fixture.ts';
import { codes, gql } from './helpers/graphql.ts';

const SECRET = 'a-test-secret-of-at-least-32-characters!';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC_PEM = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();

let fixture: ApiFixture;
let keys: ApiKeyStore;
let key: string;
let app: FastifyInstance;

beforeAll(async () => {
  fixture = await createApiFixture('bad-input', { to: 63092983 });
  keys = openApiKeyStore(path.join(fixture.dir, 'keys.db'));
  key = keys.create('tests').key;
  app = await createApiServer({
    store: fixture.store,
    ch: fixture.ch,
    keys,
    config: {
      jwt: { hs256Secret: SECRET, rs256PublicKey: PUBLIC_PEM, issuer: 'tests' },
      bodyLimit: 128 * 1024,
    },
  });
});

afterAll(async () => {
  await app?.close();
  keys?.close();
  await fixture?.close();
});

const authed = { headers: { 'x-api-key': '' } };
const asKey = () => ({ headers: { 'x-api-key': key } });
const LEDGERS = '{ ledgers(first: 2) { nodes { sequence } } }';

async function stillServing(): Promise<void> {
  const r = await gql(app, LEDGERS, asKey());
  expect(r.errors).toBeUndefined();
  expect(((r.data as Record<string, unknown>).ledgers as { nodes: unknown[] }).nodes).toHaveLength(2);
}

describe('bad input gets a GraphQL error with a code, and the server keeps serving', () => {
  it.each([
    ['malformed query', '{ ledgers(first: 2) { nodes { sequence ', 'API_ERR_BAD_QUERY'],
    ['unknown field', '{ ledgers { nodes { nope } } }', 'API_ERR_BAD_QUERY'],
    ['first: 100000', '{ ledgers(first: 100000) { nodes { sequence } } }', 'API_ERR_PAGE_TOO_LARGE'],
    ['first: 0', '{ ledgers(first: 0) { nodes { sequence } } }', 'API_ERR_PAGE_TOO_LARGE'],
    ['first: 201', '{ transactions(first: 201) { pageInfo { hasNextPage } } }', 'API_ERR_PAGE_TOO_LARGE'],
    ['bad cursor', '{ ledgers(after: "garbage") { nodes { sequence } } }', 'API_ERR_BAD_CURSOR'],
    [
      'a cursor of another list',
      '{ transactions(after: "WyJsZWRnZXJzIiwiNjMwOTI5ODUiXQ") { nodes { id } } }',
      'API_ERR_BAD_CURSOR',
    ],
    ['bad strkey', '{ payments(account: "GABC") { nodes { id } } }', 'API_ERR_BAD_ARGUMENT'],
    [
      'bad asset',
      '{ trades(pair: { base: "native", counter: "USDC" }) { nodes { id } } }',
      'API_ERR_BAD_ARGUMENT',
    ],
    ['bad hash', '{ transaction(hash: "xyz") { id } }', 'API_ERR_BAD_ARGUMENT'],
    ['bad time', '{ payments(from: "yesterday") { nodes { id } } }', 'API_ERR_BAD_ARGUMENT'],
    [
      'depth bomb',
      '{ transactions { nodes { operations { transaction { operations { transaction { operations { transaction { id } } } } } } } } }',
      'API_ERR_QUERY_TOO_DEEP',
    ],
    [
      'alias bomb',
      `{ ${Array.from({ length: 3000 }, (_, i) => `a${i}: _meta { network }`).join(' ')} }`,
      'API_ERR_QUERY_TOO_COMPLEX',
    ],
  ])('%s', async (_name, query, code) => {
    const r = await gql(app, query, asKey());
    expect(codes(r)).toContain(code);
    await stillServing();
  });

  it('a body over the size limit is refused with 413', async () => {
    const r = await app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'x-api-key': key },
      payload: { query: `{ _meta { network } } # ${'x'.repeat(200_000)}` },
    });
    expect(r.statusCode).toBe(413);
    await stillServing();
  });
});

describe('authentication', () => {
  it('anonymous callers get _meta only; a missing, unknown or revoked key is refused with a code', async () => {
    expect((await gql(app, '{ _meta { network } }')).data).toEqual({ _meta: { network: 'pubnet' } });
    expect(codes(await gql(app, LEDGERS))).toEqual(['API_ERR_UNAUTHENTICATED']);
    const unknown = `sik_${'0'.repeat(16)}_${'A'.repeat(43)}`;
    expect(codes(await gql(app, LEDGERS, { headers: { 'x-api-key': unknown } }))).toEqual([
      'API_ERR_UNAUTHENTICATED',
    ]);
    expect(codes(await gql(app, LEDGERS, authed))).toEqual(['API_ERR_UNAUTHENTICATED']);

    const revocable = keys.create('revocable');
    expect((await gql(app, LEDGERS, { headers: { 'x-api-key': revocable.key } })).errors).toBeUndefined();
    keys.revoke(revocable.record.id);
    const revoked = await gql(app, LEDGERS, { headers: { authorization: `Bearer ${revocable.key}` } });
    expect(codes(revoked)).toEqual(['API_ERR_UNAUTHENTICATED']);
    expect(revoked.errors?.[0]?.message).toMatch(/revoked/);
    await stillServing();
  });

  it('accepts HS256 and RS256 JWTs from the configured issuer, refuses others', async () => {
    const hs = await new SignJWT({ sub: 'alice' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('tests')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    const rs = await new SignJWT({ sub: 'bob' })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer('tests')
      .setExpirationTime('5m')
      .sign(rsa.privateKey);
    const wrongIssuer = await new SignJWT({ sub: 'eve' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('elsewhere')
      .sign(new TextEncoder().encode(SECRET));
    const expired = await new SignJWT({ sub: 'eve' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('tests')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    for (const token of [hs, rs]) {
      expect(
        (await gql(app, LEDGERS, { headers: { authorization: `Bearer ${token}` } })).errors,
      ).toBeUndefined();
    }
    for (const token of [wrongIssuer, expired, `${hs.slice(0, -4)}AAAA`]) {
      expect(codes(await gql(app, LEDGERS, { headers: { authorization: `Bearer ${token}` } }))).toEqual([
        'API_ERR_UNAUTHENTICATED',
      ]);
    }
  });
});

describe('limits and operations routes', () => {
  it('rate-limits per key: one key exhausted, another still served', async () => {
    const limited = await createApiServer({
      store: fixture.store,
      ch: fixture.ch,
      keys,
      config: { rateLimit: 3, rateLimitWindowMs: 60_000 },
    });
    try {
      const a = keys.create('a').key;
      const b = keys.create('b').key;
      for (let i = 0; i < 3; i += 1)
        expect((await gql(limited, LEDGERS, { headers: { 'x-api-key': a } })).status).toBe(200);
      const refused = await gql(limited, LEDGERS, { headers: { 'x-api-key': a } });
      expect(refused.status).toBe(429);
      expect(codes(refused)).toEqual(['API_ERR_RATE_LIMITED']);
      expect((await gql(limited, LEDGERS, { headers: { 'x-api-key': b } })).errors).toBeUndefined();
    } finally {
      await limited.close();
    }
  });

  it('/healthz, /readyz and /metrics are public', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ready',
      checks: { store: { ok: true }, clickhouse: { ok: true } },
    });
    const metrics = (await app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/^indexer_ingested_ledger 63092983$/m);
    expect(metrics).toMatch(/^indexer_projection_lag_events 0$/m);
    expect(metrics).toMatch(
      /api_request_duration_seconds_count\{method="POST",route="\/graphql",status="200"\} \d+/,
    );
  });
});
