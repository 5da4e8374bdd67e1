import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TriggerFired } from '../../contracts/events/trigger-fired.ts';
import { readDurable } from '../helpers/jetstream-read.ts';
import { type NatsServerHandle, startNatsServer } from '../helpers/nats-server.ts';
import { startCli } from '../helpers/run-cli.ts';
import { appendLedgers } from '../projections/helpers/fixture-store.ts';
import { createTempStore, p26Ledgers, type TempStore } from './helpers/trigger-fixture.ts';

const FIRST = 63092982;
let t: TempStore;
let nats: NatsServerHandle;

beforeAll(async () => {
  const ledgers = await p26Ledgers();
  t = await createTempStore('trigger-kill-', ledgers.slice(0, 4));
  nats = await startNatsServer();
  fs.writeFileSync(
    path.join(t.dir, 'rules.yaml'),
    'rules:\n  - name: any-transfer\n    kind: event\n    event: TokenTransferred\n  - name: any-trade\n    kind: event\n    event: TradeExecuted\n',
  );
});
afterAll(async () => {
  await nats?.dispose();
  await t?.close();
});

const runTriggers = () =>
  startCli(
    [
      'triggers',
      'run',
      '--rules',
      path.join(t.dir, 'rules.yaml'),
      '--store',
      `sqlite:${t.storePath}`,
      '--state',
      path.join(t.dir, 'triggers.db'),
      '--nats',
      nats.url,
      '--from',
      String(FIRST),
    ],
    t.dir,
  );

async function streamIds(): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of t.store.readStream('triggers')) ids.push(e.id);
  return ids;
}

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('triggers run: killed mid-run and NATS restarted', () => {
  it('stores and delivers each (rule, ledger) exactly once', async () => {
    const ledgers = await p26Ledgers();
    const first = runTriggers();
    // Let it fire for the first ledgers, feed more, and kill it while it works.
    await until(async () => (await streamIds()).length >= 2, 60_000);
    await appendLedgers(t.store, ledgers.slice(4, 10));
    await until(async () => (await streamIds()).some((id) => id.endsWith(`:${FIRST + 5}`)), 60_000);
    first.child.kill('SIGKILL');
    await first.done;

    // NATS goes down; ledgers keep arriving; the indexer comes back before NATS does.
    await nats.stop();
    await appendLedgers(t.store, ledgers.slice(10, 16));
    const second = runTriggers();
    await until(async () => (await streamIds()).some((id) => id.endsWith(`:${FIRST + 15}`)), 60_000);
    await nats.start();
    await appendLedgers(t.store, ledgers.slice(16));

    // Expected: every ledger with transfers / trades, from the stored facts.
    const expected: string[] = [];
    for (const l of ledgers) {
      if (l.events.some((e) => e.type === 'TokenTransferred')) expected.push(`any-transfer:${l.sequence}`);
      if (l.events.some((e) => e.type === 'TradeExecuted')) expected.push(`any-trade:${l.sequence}`);
    }
    await until(async () => (await streamIds()).length >= expected.length, 60_000);
    const stored = await streamIds();
    expect([...stored].sort()).toEqual([...expected].sort());

    // Delivery catches up after the outage; JetStream holds each firing once, in stream order.
    const delivered: TriggerFired[] = [];
    await until(async () => {
      delivered.push(
        ...(await readDurable<TriggerFired>(nats.url, 'TRIGGERS', 'audit', { expiresMs: 1_500 }).catch(
          () => [],
        )),
      );
      return delivered.length >= expected.length;
    }, 90_000).catch(() => undefined);
    second.child.kill('SIGTERM');
    const result = await second.done;
    expect(result.code).toBe(0);
    expect(delivered.map((f) => f.id)).toEqual(stored);
  }, 240_000);
});
