import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventCursor } from '../../api/live/event-cursor.ts';
import { createApiServer } from '../../api/server.ts';
import type { NewEvent } from '../../contracts/event-store.ts';
import { TRIGGERS_STREAM } from '../../contracts/events/trigger-fired.ts';
import { triggerFiredEvent } from '../helpers/trigger-firing.ts';
import { type ApiFixture, createApiFixture } from './helpers/api-fixture.ts';
import { subscribe } from './helpers/ws-client.ts';

const QUERY = `subscription ($rule: String, $after: String) {
  triggerFired(rule: $rule, after: $after) { cursor node { id rule ledger reason values { name value } matches { id } } }
}`;

let fixture: ApiFixture;
let app: FastifyInstance;
let url: string;

beforeAll(async () => {
  fixture = await createApiFixture('trigger-sub', { to: 63092983, project: false });
  app = await createApiServer({ store: fixture.store, ch: fixture.ch, config: { anonymous: 'all' } });
  url = `${(await app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws')}/graphql`;
});
afterAll(async () => {
  await app?.close();
  await fixture?.close();
});

const firing = (rule: string, ledger: number): NewEvent =>
  triggerFiredEvent(rule, ledger, {
    network: 'pubnet',
    closeTime: '2026-01-01T00:00:00Z',
    data: {
      ruleKind: 'readModel',
      reason: `${rule} held at ${ledger}`,
      matches: [],
      values: { volume: `${ledger}0000000` },
    },
  });

describe('triggerFired subscription', () => {
  it('delivers the firings of one rule live, and replays them after a cursor', async () => {
    const start = (await fixture.store.readLastEvent())?.position ?? 0n;
    const client = await subscribe(url, QUERY, { variables: { rule: 'volume', after: eventCursor(start) } });
    await fixture.store.appendToStream(
      TRIGGERS_STREAM,
      [firing('volume', 10), firing('big-in', 10)],
      'no_stream',
    );
    await fixture.store.appendToStream(TRIGGERS_STREAM, [firing('volume', 11)], 1n);
    await client.waitFor(2, 10_000);
    expect(client.items.map((i) => i.node.id)).toEqual(['volume:10', 'volume:11']);
    expect(client.items[1]?.node.values).toEqual([{ name: 'volume', value: '110000000' }]);
    client.close();

    const replay = await subscribe(url, QUERY, { variables: { after: client.items[0]?.cursor } });
    await replay.waitFor(2, 10_000);
    expect(replay.items.map((i) => i.node.id)).toEqual(['big-in:10', 'volume:11']);
    replay.close();
  });

  it('refuses a rule argument that is not a rule name, with a code', async () => {
    const client = await subscribe(url, QUERY, { variables: { rule: 'no spaces allowed' } });
    await expect(client.waitFor(1, 5_000)).rejects.toThrow(/API_ERR_BAD_ARGUMENT/);
    client.close();
  });
});
