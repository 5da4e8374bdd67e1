/**
 * Latency from an event appended to the store until N websocket subscribers received it, with the
 * server's RSS. Usage: npm run bench:api [-- 1,1000,10000] (default 1,1000,10000; the file-descriptor
 * limit must allow 2 × N sockets). Clients run in this process too, so the machine does both sides.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createApiServer } from '../api/server.ts';
import { createSqliteEventStore } from '../event-store/sqlite/create-sqlite-event-store.ts';
import { createClickHouseConnector } from '../projections/clickhouse/connector.ts';

const counts = (process.argv[2] ?? '1,1000,10000').split(',').map(Number);
const EVENTS = 50;
const INTERVAL_MS = 100;
const QUERY = 'subscription { ledgerClosed { cursor node { sequence } } }';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-api-'));
const store = createSqliteEventStore({ path: path.join(dir, 'events.db') });
const connector = createClickHouseConnector();
const ch = await connector.open(`chdb:${path.join(dir, 'clickhouse')}`, { readOnly: true });
const app = await createApiServer({
  store,
  ch,
  config: { anonymous: 'all', rateLimit: 1_000_000, keepAliveMs: 0 },
});
const url = `${(await app.listen({ host: '127.0.0.1', port: 0 })).replace('http', 'ws')}/graphql`;
let sequence = 1;

function ledgerEvent(appendedAt: number) {
  const n = sequence++;
  const data = {
    sequence: n,
    hash: n.toString(16).padStart(64, '0'),
    previousHash: '0'.repeat(64),
    closeTime: new Date(appendedAt).toISOString(),
    protocolVersion: 26,
    baseFee: 100,
    baseReserve: 5000000,
    transactionCount: 0,
    successfulTransactionCount: 0,
    failedTransactionCount: 0,
    operationCount: 0,
    successfulOperationCount: 0,
    feeCharged: '0',
    metaVersion: 2,
  };
  return {
    type: 'LedgerClosed',
    id: `bench-${n}`,
    ledger: n,
    payload: { id: `bench-${n}`, type: 'LedgerClosed', data },
  };
}

async function connect(received: Map<number, number[]>): Promise<WebSocket> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  // A reset after the handshake shows up as missing deliveries, not as a crash of the bench.
  socket.on('error', () => undefined);
  const acked = new Promise<void>((resolve) => {
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as {
        type: string;
        payload?: { data?: { ledgerClosed?: { node: { sequence: number } } } };
      };
      if (message.type === 'connection_ack') resolve();
      const item = message.payload?.data?.ledgerClosed;
      if (item !== undefined) received.get(item.node.sequence)?.push(performance.now());
    });
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  await acked;
  socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: QUERY } }));
  return socket;
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

for (const n of counts) {
  const received = new Map<number, number[]>();
  const sockets: WebSocket[] = [];
  for (let i = 0; i < n; i += 50) {
    sockets.push(
      ...(await Promise.all(Array.from({ length: Math.min(50, n - i) }, () => connect(received)))),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 500)); // let every subscription start
  const appended = new Map<number, number>();
  for (let i = 0; i < EVENTS; i += 1) {
    const event = ledgerEvent(Date.now());
    received.set(event.ledger, []);
    const at = performance.now();
    await store.appendToStream('bench', [event], 'any');
    appended.set(event.ledger, at);
    await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
  }
  const deadline = performance.now() + 30_000;
  while ([...received.values()].some((r) => r.length < n) && performance.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  const latencies: number[] = [];
  let missing = 0;
  for (const [seq, times] of received) {
    missing += n - times.length;
    for (const t of times) latencies.push(t - (appended.get(seq) as number));
  }
  latencies.sort((a, b) => a - b);
  const rss = process.memoryUsage().rss / 2 ** 20;
  process.stdout.write(
    `${JSON.stringify({ subscribers: n, events: EVENTS, deliveries: latencies.length, missing, p50Ms: +percentile(latencies, 50).toFixed(1), p99Ms: +percentile(latencies, 99).toFixed(1), rssMiB: Math.round(rss) })}\n`,
  );
  for (const s of sockets) s.terminate();
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

await app.close();
await ch.release();
await connector.close();
await store.close();
fs.rmSync(dir, { recursive: true, force: true });
