import type { ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { compareTokens, type PagingToken, parsePagingToken } from '../../../ingest/horizon/paging-token.ts';
import { createSseFaultQueue, type SseFault, type SseFaultQueue } from './sse-faults.ts';

export type HorizonRow = Readonly<Record<string, unknown>> & { readonly paging_token: string };

export interface ReplayHorizonData {
  readonly networkPassphrase: string;
  /** Records per collection (`ledgers`, `transactions`, `operations`, …), in any order. */
  readonly collections: Readonly<Record<string, readonly HorizonRow[]>>;
  readonly elderLedger: number;
  readonly latestLedger: number;
}

export interface ReplayHorizonServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  /** Faults for the next streaming connections, in order. */
  readonly faults: SseFaultQueue;
  /** Streaming connections opened so far, and the cursors they asked for. */
  readonly connections: string[];
  /** Requests per path (without query), for assertions. */
  readonly requests: Record<string, number>;
  elderLedger: number;
  /** What the root says Horizon has ingested (`history_latest_ledger`); move it to simulate time. */
  latestLedger: number;
  /** Send `: heartbeat` comments this often while a caught-up stream waits (0 = never). */
  heartbeatMs: number;
  /** Pause between records, to make a run long enough to be killed mid-way. */
  recordDelayMs: number;
  close(): Promise<void>;
}

const HELLO = 'retry: 1000\nevent: open\ndata: "hello"\n\n';
const BYEBYE = 'retry: 10\nevent: close\ndata: "byebye"\n\n';

interface Sorted {
  readonly rows: readonly HorizonRow[];
  readonly tokens: readonly PagingToken[];
}

function sortRows(rows: readonly HorizonRow[]): Sorted {
  const pairs = rows.map((row) => ({ row, token: parsePagingToken(row.paging_token) as PagingToken }));
  pairs.sort((a, b) => compareTokens(a.token, b.token));
  return { rows: pairs.map((p) => p.row), tokens: pairs.map((p) => p.token) };
}

/** Index of the first record strictly after `cursor` (`now`: after the last one). */
function startAfter(sorted: Sorted, cursor: string): number {
  if (cursor === 'now') return sorted.rows.length;
  const token = cursor === '' ? null : parsePagingToken(cursor);
  if (token === null) return 0;
  let lo = 0;
  let hi = sorted.tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareTokens(sorted.tokens[mid] as PagingToken, token) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A copy of a record with its XDR (or, without XDR, its paging token's twin fields) damaged. */
function damage(row: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...row };
  const target = ['header_xdr', 'envelope_xdr', 'result_xdr'].find((k) => typeof copy[k] === 'string');
  if (target !== undefined) copy[target] = `AAAA${String(copy[target]).slice(7, 40)}`;
  else if (typeof copy.transaction === 'object' && copy.transaction !== null)
    copy.transaction = damage(copy.transaction as Record<string, unknown>);
  else copy.base_amount = 'not-an-amount';
  return copy;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once everything written so far is handed to the OS, so a following destroy cannot eat it. */
const flushed = (raw: ServerResponse): Promise<void> =>
  new Promise((resolve) => raw.write('', () => resolve()));

/**
 * A Horizon replay server: the root resource, `/ledgers/{seq}/transactions` pages, and every collection
 * as a real `text/event-stream` the way Horizon's render/sse writes it (a `hello` open event with
 * `retry: 1000`, one `id:`/`data:` message per record, `limit` records and then a `byebye` close event
 * with `retry: 10`; a caught-up stream stays open). Operations and payments honour `join=transactions`.
 * Faults are injected per connection. Listens on 127.0.0.1 only.
 */
export async function startReplayHorizonServer(data: ReplayHorizonData): Promise<ReplayHorizonServer> {
  const app: FastifyInstance = Fastify({ logger: false });
  const faults = createSseFaultQueue();
  const connections: string[] = [];
  const requests: Record<string, number> = {};
  const state = {
    elderLedger: data.elderLedger,
    latestLedger: data.latestLedger,
    heartbeatMs: 0,
    recordDelayMs: 0,
  };
  const sorted = new Map<string, Sorted>();
  for (const [name, rows] of Object.entries(data.collections)) sorted.set(name, sortRows(rows));
  const txByHash = new Map<string, HorizonRow>();
  for (const tx of data.collections.transactions ?? []) txByHash.set(String(tx.hash), tx);
  const open = new Set<ServerResponse>();

  app.addHook('onRequest', async (request) => {
    const key = request.url.split('?')[0] as string;
    requests[key] = (requests[key] ?? 0) + 1;
  });

  app.get('/', async () => ({
    horizon_version: 'replay',
    network_passphrase: data.networkPassphrase,
    history_elder_ledger: state.elderLedger,
    history_latest_ledger: state.latestLedger,
    core_latest_ledger: state.latestLedger,
  }));

  app.get('/ledgers/:seq/transactions', async (request, reply) => {
    const seq = Number((request.params as { seq: string }).seq);
    const query = request.query as { cursor?: string; limit?: string };
    const all = (sorted.get('transactions')?.rows ?? []).filter((r) => r.ledger === seq);
    const limit = Math.min(Number(query.limit ?? 10), 200);
    const from = startAfter(sortRows(all), query.cursor ?? '');
    return reply.send({ _links: {}, _embedded: { records: all.slice(from, from + limit) } });
  });

  app.get('/:collection', async (request, reply) => {
    const name = (request.params as { collection: string }).collection;
    const collection = sorted.get(name);
    if (collection === undefined) return reply.code(404).send({ status: 404, title: 'Resource Missing' });
    const query = request.query as { cursor?: string; limit?: string; join?: string };
    const cursor = query.cursor ?? (request.headers['last-event-id'] as string | undefined) ?? '';
    connections.push(cursor);
    const fault: SseFault = faults.next() ?? { kind: 'none' };
    if (fault.kind === 'status')
      return reply.code(fault.status).send({ status: fault.status, title: 'injected' });
    if (fault.kind === 'rate-limit') {
      return reply
        .code(429)
        .header('retry-after', String(fault.retryAfterSeconds))
        .send({ status: 429, title: 'Rate Limit Exceeded' });
    }
    reply.hijack();
    if (fault.kind === 'refuse') {
      request.raw.socket.destroy();
      return;
    }
    const raw = reply.raw;
    open.add(raw);
    raw.on('close', () => open.delete(raw));
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    raw.write(HELLO);
    const limit = Math.min(Math.max(Number(query.limit ?? 10), 1), 200);
    const join = query.join === 'transactions' && (name === 'operations' || name === 'payments');
    const first = startAfter(collection, cursor);
    const after = 'after' in fault ? fault.after : Number.POSITIVE_INFINITY;
    let sent = 0;
    for (let i = first; i < collection.rows.length && sent < limit; i++) {
      if (raw.destroyed) return;
      let row: Record<string, unknown> = { ...(collection.rows[i] as HorizonRow) };
      if (join) row = { ...row, transaction: txByHash.get(String(row.transaction_hash)) };
      const message = `id: ${row.paging_token}\ndata: ${JSON.stringify(row)}\n\n`;
      if (sent === after) {
        switch (fault.kind) {
          case 'drop':
            await flushed(raw);
            request.raw.socket.destroy();
            return;
          case 'truncate':
            raw.write(message.slice(0, Math.floor(message.length / 2)));
            await flushed(raw);
            request.raw.socket.destroy();
            return;
          case 'stall':
            await flushed(raw);
            await wait(fault.ms);
            request.raw.socket.destroy();
            return;
          case 'malformed-json':
            raw.write(`id: ${row.paging_token}\ndata: ${JSON.stringify(row).slice(0, 60)}\n\n`);
            raw.end();
            return;
          case 'malformed-xdr':
            raw.write(`id: ${row.paging_token}\ndata: ${JSON.stringify(damage(row))}\n\n`);
            raw.end();
            return;
          case 'error-event':
            raw.write('event: error\ndata: rate limit exceeded\n\n');
            raw.end();
            return;
          default:
            break;
        }
      }
      if (state.recordDelayMs > 0) await wait(state.recordDelayMs);
      raw.write(message);
      sent++;
    }
    if (sent >= limit) {
      raw.end(BYEBYE);
      return;
    }
    // Caught up: Horizon keeps the connection open until new ledgers bring records.
    while (!raw.destroyed && !raw.writableEnded) {
      await wait(state.heartbeatMs > 0 ? state.heartbeatMs : 50);
      if (state.heartbeatMs > 0 && !raw.destroyed) raw.write(': heartbeat\n\n');
    }
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    faults,
    connections,
    requests,
    get elderLedger() {
      return state.elderLedger;
    },
    set elderLedger(v: number) {
      state.elderLedger = v;
    },
    get latestLedger() {
      return state.latestLedger;
    },
    set latestLedger(v: number) {
      state.latestLedger = v;
    },
    get heartbeatMs() {
      return state.heartbeatMs;
    },
    set heartbeatMs(v: number) {
      state.heartbeatMs = v;
    },
    get recordDelayMs() {
      return state.recordDelayMs;
    },
    set recordDelayMs(v: number) {
      state.recordDelayMs = v;
    },
    async close() {
      for (const raw of open) raw.destroy();
      await app.close();
    },
  };
}
