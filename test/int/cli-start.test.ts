import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiKeyStore } from '../../api/auth/key-store.ts';
import type { LedgerClosed, TokenTransferred, TriggerFired } from '../../contracts/events/index.ts';
import { createSqliteEventStore } from '../../event-store/sqlite/create-sqlite-event-store.ts';
import { PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { readDurable } from '../helpers/jetstream-read.ts';
import { type NatsServerHandle, startNatsServer } from '../helpers/nats-server.ts';
import { startCli } from '../helpers/run-cli.ts';
import { freePort, waitForHttp } from '../helpers/wait-for-http.ts';

const LAST = 63093001;
const THRESHOLD = 10_000_000_000n;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-start-'));
let nats: NatsServerHandle;
beforeAll(async () => {
  nats = await startNatsServer();
});
afterAll(async () => {
  await nats?.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function graphql(
  base: string,
  query: string,
  headers: Record<string, string> = {},
): Promise<{
  data?: Record<string, unknown>;
  errors?: { message: string; extensions?: { code?: string; problems?: unknown[] } }[];
}> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as never;
}

async function data(base: string, query: string, headers: Record<string, string> = {}) {
  const body = await graphql(base, query, headers);
  if (body.errors !== undefined) throw new Error(JSON.stringify(body.errors));
  return body.data ?? {};
}

describe('stellar-indexer start', () => {
  it('ingests, projects, serves and fires triggers in one process until stopped, offline', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const storePath = path.join(dir, 'events.db');
    const keysPath = path.join(dir, 'keys.db');
    const keys = openApiKeyStore(keysPath);
    const key = keys.create('ops').key;
    keys.close();
    fs.writeFileSync(
      path.join(dir, 'rules.yaml'),
      `rules:\n  - name: big-transfers\n    kind: event\n    event: TokenTransferred\n    where:\n      amount: { gte: "${THRESHOLD}" }\n`,
    );
    const run = startCli(
      [
        'start',
        '--source',
        PUBNET_P26_DIR(),
        '--network',
        'pubnet',
        '--store',
        `sqlite:${storePath}`,
        '--clickhouse',
        `chdb:${path.join(dir, 'clickhouse')}`,
        '--port',
        String(port),
        '--public',
        '--keys',
        keysPath,
        '--rules',
        path.join(dir, 'rules.yaml'),
        '--triggers-state',
        path.join(dir, 'triggers.db'),
        '--nats',
        nats.url,
      ],
      dir,
    );
    try {
      await waitForHttp(`${base}/healthz`, 60_000);
      let meta: { ingestedLedger: number | null; projectedLedger: number | null } = {
        ingestedLedger: null,
        projectedLedger: null,
      };
      const deadline = Date.now() + 180_000;
      while (meta.projectedLedger !== LAST && Date.now() < deadline) {
        meta = (await data(base, '{ _meta { ingestedLedger projectedLedger } }'))._meta as typeof meta;
        if (meta.projectedLedger !== LAST) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(meta).toEqual({ ingestedLedger: LAST, projectedLedger: LAST });

      // What the API serves is what the pipeline stored.
      const store = createSqliteEventStore({ path: storePath });
      let stored: LedgerClosed | null = null;
      const bigLedgers = new Set<number>();
      for await (const e of store.readAll({ types: ['LedgerClosed', 'TokenTransferred'] })) {
        if (e.type === 'LedgerClosed' && e.ledger === LAST) stored = e.payload as LedgerClosed;
        if (e.type === 'TokenTransferred' && BigInt((e.payload as TokenTransferred).data.amount) >= THRESHOLD)
          bigLedgers.add(e.ledger ?? 0);
      }
      const served = (await data(base, `{ ledger(sequence: ${LAST}) { sequence hash transactionCount } }`))
        .ledger as { sequence: number; hash: string; transactionCount: number };
      expect(served.sequence).toBe(LAST);
      expect(served.hash).toBe(stored?.data.hash);
      expect(served.transactionCount).toBe(stored?.data.transactionCount);

      // The rule fired once per ledger holding a transfer over the threshold, delivered to JetStream.
      expect(bigLedgers.size).toBeGreaterThan(0);
      const expectedIds = [...bigLedgers].sort().map((l) => `big-transfers:${l}`);
      let firedIds: string[] = [];
      while (firedIds.length < expectedIds.length && Date.now() < deadline) {
        firedIds = [];
        for await (const e of store.readStream('triggers')) firedIds.push(e.id);
        if (firedIds.length < expectedIds.length) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      await store.close();
      expect(firedIds).toEqual(expectedIds);
      const delivered = await readDurable<TriggerFired>(nats.url, 'TRIGGERS', 'test', {
        max: expectedIds.length,
      });
      expect(delivered.map((f) => f.id)).toEqual(expectedIds);

      // Rules through the API: credentials required even with --public, every problem reported.
      const put = `mutation { putTriggerRule(definition: ${JSON.stringify('{"name":"any-trade","kind":"event","event":"TradeExecuted"}')}) { name kind version } }`;
      const anonymous = await graphql(base, put);
      expect(anonymous.errors?.[0]?.extensions?.code).toBe('API_ERR_UNAUTHENTICATED');
      const bad = await graphql(
        base,
        `mutation { putTriggerRule(definition: ${JSON.stringify('{"name":"bad name","kind":"event","event":"TradeExecuted","where":{"amount":{"gte":"1.5"}}}')}) { name } }`,
        { 'x-api-key': key },
      );
      expect(bad.errors?.[0]?.extensions?.code).toBe('TRIGGER_ERR_INVALID_RULES');
      expect(bad.errors?.[0]?.extensions?.problems?.length).toBeGreaterThanOrEqual(2);
      const created = (await data(base, put, { 'x-api-key': key })).putTriggerRule as {
        name: string;
        kind: string;
      };
      expect(created).toMatchObject({ name: 'any-trade', kind: 'event' });
      const listed = (await data(base, '{ triggerRules { name updatedBy } }', { 'x-api-key': key }))
        .triggerRules as { name: string; updatedBy: string }[];
      expect(listed.map((r) => r.name)).toEqual(['any-trade']);
      expect(listed[0]?.updatedBy).toMatch(/^key:/);
      const deleted = await data(base, 'mutation { deleteTriggerRule(name: "any-trade") }', {
        'x-api-key': key,
      });
      expect(deleted.deleteTriggerRule).toBe(true);
    } finally {
      run.child.kill('SIGTERM');
    }
    const result = await run.done;
    expect(result.stderr).not.toMatch(/CLI_ERR_INTERNAL/);
    expect(result.code).toBe(0);
  }, 300_000);
});
