import Fastify, { type FastifyInstance } from 'fastify';
import { type DerivedEvents, type RpcEventRow, rpcCursor } from './derive-events.ts';
import { rfc3339 } from './fixture-ledgers.ts';
import { createFaultQueue, type FaultQueue, sendWithFault } from './http-faults.ts';
import { invalidFilters, matches, type RequestFilter } from './match-filters.ts';

export interface ReplayRpcServer {
  /** `http://127.0.0.1:PORT/` */
  readonly url: string;
  /** Faults for the next getEvents calls, in order. */
  readonly faults: FaultQueue;
  /** Faults for the next getTransaction calls. */
  readonly txFaults: FaultQueue;
  /** The ledger range the server claims to keep; move them to simulate retention and new ledgers. */
  oldestLedger: number;
  latestLedger: number;
  /** Calls per method, for assertions. */
  readonly calls: Record<string, number>;
  /** A pause before every answer, to make a run last long enough to be killed mid-way. */
  delayMs: number;
  close(): Promise<void>;
}

const LEDGER_SCAN_LIMIT = 10_000;
const MAX_LIMIT = 10_000;
const DEFAULT_LIMIT = 100;
const TX_MAX = 0xfffff;
const OP_MAX = 0xfff;

interface GetEventsParams {
  startLedger?: number;
  endLedger?: number;
  filters?: RequestFilter[];
  pagination?: { cursor?: string; limit?: number };
}

function lowerBound(rows: readonly RpcEventRow[], id: string): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((rows[mid] as RpcEventRow).id < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The next cursor after `cursor` the way stellar-rpc computes it (`start.Event++`, wrapping at 2^32). */
function after(cursor: string): string {
  const [toid, event] = cursor.split('-') as [string, string];
  const next = (Number(event) + 1) % 2 ** 32;
  return `${toid}-${next.toString().padStart(10, '0')}`;
}

/**
 * A Stellar RPC JSON-RPC server replaying getEvents, getLatestLedger and getTransaction over events
 * derived from real ledgers (derive-events.ts), with stellar-rpc's semantics: startLedger or cursor,
 * at most 5 filters of 5 contracts, 10,000 ledgers scanned per call, the end-of-window cursor when a
 * page is not full, and "startLedger must be within the ledger range" outside [oldest, latest].
 * Listens on 127.0.0.1 only.
 */
export async function startReplayRpcServer(data: DerivedEvents): Promise<ReplayRpcServer> {
  const app: FastifyInstance = Fastify({ logger: false });
  const faults = createFaultQueue();
  const txFaults = createFaultQueue();
  const calls: Record<string, number> = {};
  const state = { oldestLedger: data.firstLedger, latestLedger: data.lastLedger, delayMs: 0 };

  const rpcError = (id: unknown, code: number, message: string) =>
    JSON.stringify({ jsonrpc: '2.0', id, error: { code, message } });
  const rpcResult = (id: unknown, result: unknown) => JSON.stringify({ jsonrpc: '2.0', id, result });
  const closeTime = (ledger: number) => String(data.closeTimes.get(ledger) ?? 0);

  function getEvents(id: unknown, params: GetEventsParams): string {
    const cursor = params.pagination?.cursor;
    if (cursor !== undefined && (params.startLedger !== undefined || params.endLedger !== undefined)) {
      return rpcError(id, -32602, 'ledger ranges and cursor cannot both be set');
    }
    if (cursor === undefined && !((params.startLedger ?? 0) > 0)) {
      return rpcError(id, -32602, 'startLedger must be positive');
    }
    const limit = params.pagination?.limit ?? DEFAULT_LIMIT;
    if (limit > MAX_LIMIT) return rpcError(id, -32602, `limit must not exceed ${MAX_LIMIT}`);
    const filters = params.filters ?? [];
    const invalid = invalidFilters(filters);
    if (invalid !== null) return rpcError(id, -32602, invalid);
    const start = cursor === undefined ? rpcCursor(params.startLedger as number, 0, 0, 0) : after(cursor);
    const startLedger = Number(BigInt(start.split('-')[0] as string) >> 32n);
    if (startLedger < state.oldestLedger || startLedger > state.latestLedger) {
      return rpcError(
        id,
        -32600,
        `startLedger must be within the ledger range: ${state.oldestLedger} - ${state.latestLedger}`,
      );
    }
    let endLedger = Math.min(startLedger + LEDGER_SCAN_LIMIT, state.latestLedger + 1);
    if (params.endLedger !== undefined && params.endLedger !== 0)
      endLedger = Math.min(params.endLedger, endLedger);
    const end = rpcCursor(endLedger, 0, 0, 0);
    const events: RpcEventRow[] = [];
    for (let i = lowerBound(data.rows, start); i < data.rows.length && events.length < limit; i++) {
      const row = data.rows[i] as RpcEventRow;
      if (row.id >= end) break;
      if (matches(filters, row)) events.push(row);
    }
    const next =
      events.length === limit
        ? (events[events.length - 1] as RpcEventRow).id
        : rpcCursor(endLedger - 1, TX_MAX, OP_MAX, 2 ** 32 - 1);
    return rpcResult(id, {
      events: events.map(({ ...e }) => e),
      cursor: next,
      latestLedger: state.latestLedger,
      oldestLedger: state.oldestLedger,
      latestLedgerCloseTime: closeTime(state.latestLedger),
      oldestLedgerCloseTime: closeTime(state.oldestLedger),
    });
  }

  function getTransaction(id: unknown, params: { hash?: string }): string {
    const found = params.hash === undefined ? undefined : data.txs.get(params.hash);
    const common = {
      latestLedger: state.latestLedger,
      latestLedgerCloseTime: closeTime(state.latestLedger),
      oldestLedger: state.oldestLedger,
      oldestLedgerCloseTime: closeTime(state.oldestLedger),
    };
    if (found === undefined || found.ledger.sequence < state.oldestLedger) {
      return rpcResult(id, { ...common, status: 'NOT_FOUND', txHash: params.hash });
    }
    const { ledger, tx } = found;
    return rpcResult(id, {
      ...common,
      status: tx.successful ? 'SUCCESS' : 'FAILED',
      txHash: tx.hash,
      applicationOrder: tx.order,
      feeBump: tx.envelope.type === 'envelopeTypeTxFeeBump',
      envelopeXdr: tx.envelope.toXDR('base64'),
      resultXdr: tx.result.toXDR('base64'),
      resultMetaXdr: tx.meta.toXDR('base64'),
      ledger: ledger.sequence,
      createdAt: String(ledger.closeTime),
    });
  }

  app.post('/', async (request, reply) => {
    const body = request.body as { id?: unknown; method?: string; params?: unknown };
    const method = body.method ?? '';
    calls[method] = (calls[method] ?? 0) + 1;
    let text: string;
    let fault = undefined as ReturnType<FaultQueue['next']>;
    switch (method) {
      case 'getEvents': {
        fault = faults.next();
        text = getEvents(body.id, (body.params ?? {}) as GetEventsParams);
        if (fault?.kind === 'malformed-xdr') {
          const parsed = JSON.parse(text) as { result?: { events: { value: string }[] } };
          const first = parsed.result?.events[0];
          if (first !== undefined) first.value = 'AAAAAwAA/w==';
          text = JSON.stringify(parsed);
        }
        break;
      }
      case 'getTransaction':
        fault = txFaults.next();
        text = getTransaction(body.id, (body.params ?? {}) as { hash?: string });
        break;
      case 'getLatestLedger':
        text = rpcResult(body.id, {
          id: 'replay',
          protocolVersion: 26,
          sequence: state.latestLedger,
          closeTime: closeTime(state.latestLedger),
        });
        break;
      case 'getHealth':
        text = rpcResult(body.id, {
          status: 'healthy',
          latestLedger: state.latestLedger,
          oldestLedger: state.oldestLedger,
          ledgerRetentionWindow: state.latestLedger - state.oldestLedger + 1,
        });
        break;
      default:
        text = rpcError(body.id, -32601, `method not found: ${method}`);
    }
    if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
    await sendWithFault(request, reply, text, fault?.kind === 'malformed-xdr' ? undefined : fault);
    return reply;
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/`,
    faults,
    txFaults,
    calls,
    get oldestLedger() {
      return state.oldestLedger;
    },
    set oldestLedger(value: number) {
      state.oldestLedger = value;
    },
    get latestLedger() {
      return state.latestLedger;
    },
    set latestLedger(value: number) {
      state.latestLedger = value;
    },
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(value: number) {
      state.delayMs = value;
    },
    close: () => app.close(),
  };
}

export { rfc3339 };
