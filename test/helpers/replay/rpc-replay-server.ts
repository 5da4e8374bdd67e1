import type { ServerResponse } from 'node:http';
import Fastify from 'fastify';
import { createFaultInjector, type Fault, type FaultInjector } from './faults.ts';
import type { ReplayLedger } from './fixture-ledgers.ts';
import { sendBody } from './send-body.ts';

export interface RpcReplayOptions {
  /** Ledgers served as getLedgers pages (consecutive). */
  readonly ledgers?: readonly ReplayLedger[];
  /** The window the server claims to keep (default: all its ledgers). */
  readonly oldest?: number;
  readonly latest?: number;
  /** A recorded getLedgers `result` served as is for every getLedgers call. */
  readonly recorded?: Record<string, unknown>;
  readonly maxLimit?: number;
}

export interface RpcReplayServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  readonly faults: FaultInjector;
  /** Every JSON-RPC request received, in order. */
  readonly requests: { readonly method: string; readonly params: Record<string, unknown> }[];
  window(): { oldest: number; latest: number };
  setWindow(oldest: number, latest: number): void;
  /** Moves the tip forward by `n` ledgers (not past the last ledger it has). */
  advance(n?: number): void;
  /** Advances the tip by one ledger every `ms` (a live network). */
  tick(ms: number): void;
  close(): Promise<void>;
}

const INVALID_REQUEST = -32600;
const INVALID_PARAMS = -32602;

function rpcError(id: unknown, code: number, message: string) {
  return { jsonrpc: '2.0', id, error: { code, message } };
}

function corruptBase64(text: string): string {
  return `${text.slice(0, 12)}!*${text.slice(14)}`;
}

function damagedXdr(xdr: Uint8Array): string {
  return Buffer.from(xdr.subarray(0, Math.floor((xdr.length * 3) / 5) & ~3)).toString('base64');
}

function alteredPreviousHash(ledger: ReplayLedger): string {
  const copy = Buffer.from(ledger.xdr);
  // previousLedgerHash sits 36 bytes after the header hash (see readLedgerHashes); flip its first byte.
  const at = copy.indexOf(Buffer.from(ledger.previousHash, 'hex'));
  copy[at] = (copy[at] ?? 0) ^ 0xff;
  return copy.toString('base64');
}

/**
 * A Stellar RPC replay server on 127.0.0.1 (fastify): getHealth, getLatestLedger and getLedgers
 * over real recorded ledgers, with the same window checks and messages as stellar-rpc, a tip that
 * can advance, and fault injection.
 */
export async function startRpcReplayServer(options: RpcReplayOptions): Promise<RpcReplayServer> {
  const ledgers = options.ledgers ?? [];
  const first = ledgers[0]?.sequence ?? 0;
  const last = ledgers[ledgers.length - 1]?.sequence ?? 0;
  const recorded = options.recorded;
  let oldest = options.oldest ?? (recorded?.oldestLedger as number | undefined) ?? first;
  let latest = options.latest ?? (recorded?.latestLedger as number | undefined) ?? last;
  const maxLimit = options.maxLimit ?? 200;
  const faults = createFaultInjector();
  const requests: RpcReplayServer['requests'] = [];
  const open = new Set<ServerResponse>();
  let timer: ReturnType<typeof setInterval> | undefined;
  const ledgerAt = (sequence: number) => ledgers[sequence - first];

  const getLedgers = (id: unknown, params: Record<string, unknown>, fault: Fault | undefined) => {
    const pagination = (params.pagination ?? {}) as { cursor?: string; limit?: number };
    const limit = pagination.limit ?? 50;
    if (limit > maxLimit) return rpcError(id, INVALID_REQUEST, `limit must not exceed ${maxLimit}`);
    let start: number;
    if (pagination.cursor !== undefined && pagination.cursor !== '') {
      if (params.startLedger !== undefined)
        return rpcError(id, INVALID_REQUEST, 'startLedger and cursor cannot both be set');
      start = Number(pagination.cursor) + 1;
      if (start < oldest || start > latest) {
        return rpcError(
          id,
          INVALID_PARAMS,
          `cursor ('${pagination.cursor}') must be between the oldest ledger: ${oldest} and the latest ledger: ${latest} for this rpc instance`,
        );
      }
    } else {
      start = Number(params.startLedger);
      if (!(start >= oldest && start <= latest)) {
        return rpcError(
          id,
          INVALID_REQUEST,
          `start ledger (${params.startLedger}) must be between the oldest ledger: ${oldest} and the latest ledger: ${latest} for this rpc instance`,
        );
      }
    }
    if (recorded !== undefined) return { jsonrpc: '2.0', id, result: recorded };
    const page: Record<string, unknown>[] = [];
    for (let seq = start; seq <= Math.min(latest, start + limit - 1); seq++) {
      const ledger = ledgerAt(seq);
      if (ledger === undefined) break;
      page.push({
        hash: ledger.hash,
        sequence: ledger.sequence,
        ledgerCloseTime: ledger.closeTime,
        headerXdr: ledger.headerXdr,
        metadataXdr: Buffer.from(ledger.xdr).toString('base64'),
      });
    }
    const head = page[0];
    const firstLedger = ledgerAt(start);
    if (head !== undefined && firstLedger !== undefined) {
      if (fault?.kind === 'corrupt-base64') head.metadataXdr = corruptBase64(head.metadataXdr as string);
      if (fault?.kind === 'corrupt-xdr') head.metadataXdr = damagedXdr(firstLedger.xdr);
      if (fault?.kind === 'wrong-previous-hash') head.metadataXdr = alteredPreviousHash(firstLedger);
    }
    const lastSent = page[page.length - 1]?.sequence as number | undefined;
    return {
      jsonrpc: '2.0',
      id,
      result: {
        ledgers: page,
        latestLedger: latest,
        latestLedgerCloseTime: ledgerAt(latest)?.closeTime ?? '0',
        oldestLedger: oldest,
        oldestLedgerCloseTime: ledgerAt(oldest)?.closeTime ?? '0',
        cursor: String(lastSent ?? start - 1),
      },
    };
  };

  const app = Fastify({ forceCloseConnections: true });
  app.post('/', async (request, reply) => {
    const body = (request.body ?? {}) as { id?: unknown; method?: string; params?: Record<string, unknown> };
    const method = body.method ?? '';
    const params = body.params ?? {};
    requests.push({ method, params });
    const pagination = params.pagination as { cursor?: string } | undefined;
    const ledger =
      pagination?.cursor !== undefined
        ? Number(pagination.cursor) + 1
        : (params.startLedger as number | undefined);
    const fault = faults.take({ path: request.url, method, ledger });
    let answer: unknown;
    if (fault?.kind === 'rpc-internal-error') {
      answer = rpcError(body.id, -32603, 'replay: injected internal error');
    } else if (method === 'getHealth') {
      answer = {
        jsonrpc: '2.0',
        id: body.id,
        result: {
          status: 'healthy',
          latestLedger: latest,
          oldestLedger: oldest,
          ledgerRetentionWindow: latest - oldest + 1,
        },
      };
    } else if (method === 'getLatestLedger') {
      answer = {
        jsonrpc: '2.0',
        id: body.id,
        result: { id: ledgerAt(latest)?.hash ?? '', sequence: latest, protocolVersion: 26 },
      };
    } else if (method === 'getLedgers') {
      answer = getLedgers(body.id, params, fault);
    } else {
      answer = rpcError(body.id, -32601, `method "${method}" not found`);
    }
    sendBody(reply, Buffer.from(JSON.stringify(answer)), 'application/json', fault, open);
    return reply;
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });

  const advance = (n = 1): void => {
    latest = Math.min(latest + n, Math.max(last, latest));
  };
  return {
    url,
    faults,
    requests,
    window: () => ({ oldest, latest }),
    setWindow(o, l) {
      oldest = o;
      latest = l;
    },
    advance,
    tick(ms) {
      clearInterval(timer);
      timer = setInterval(() => advance(1), ms);
    },
    async close() {
      clearInterval(timer);
      for (const res of open) res.destroy();
      await app.close();
    },
  };
}
