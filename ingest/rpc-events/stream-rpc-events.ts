import { hasErrorCode } from '../../contracts/errors.ts';
import type { EventStore, NewEvent } from '../../contracts/event-store.ts';
import { type Network, networkLabel } from '../../contracts/network.ts';
import { type CursorPayload, createCursorLog } from '../horizon/cursor-log.ts';
import type { StreamLogger } from '../horizon/stream-horizon.ts';
import type { HttpClient } from '../remote/http/index.ts';
import { sleep } from '../remote/http/index.ts';
import { rpcEventsError } from './errors.ts';
import { compareRpcIds, endOfLedgerCursor, ledgerOfRpcCursor } from './event-id.ts';
import { type EventFilterSpec, filtersKey, planFilters } from './filters.ts';
import {
  type EventsPage,
  type EventsRequest,
  getEvents,
  getLatestLedger,
  rangeRefusalOf,
} from './get-events.ts';
import { operationEventFact, withTransfer } from './map-event.ts';
import { createRpcCaller } from './rpc-call.ts';
import { createTxLevelResolver } from './tx-level-events.ts';

export interface StreamRpcEventsOptions {
  readonly store: EventStore;
  readonly http: HttpClient;
  /** The source as the user named it, e.g. `rpc-events:https://soroban-rpc.example`. */
  readonly source: string;
  /** The JSON-RPC endpoint URL. */
  readonly url: string;
  readonly network: Network;
  readonly filter: EventFilterSpec;
  /** First ledger when the store has no cursor yet (default: the RPC's latest ledger). */
  readonly from?: number | undefined;
  /** Stop after this ledger (inclusive). */
  readonly to?: number | undefined;
  /** Stop once caught up with the RPC's latest ledger instead of following it. */
  readonly stopWhenCaughtUp?: boolean | undefined;
  /** Events per getEvents page (default 1000; servers allow up to 10,000 by default). */
  readonly pageLimit?: number | undefined;
  /** Wait between polls once caught up (default 2000 ms). */
  readonly pollIntervalMs?: number | undefined;
  /** Store a cursor without events after the scan moved this many ledgers (default 1000). */
  readonly idleCheckpointLedgers?: number | undefined;
  readonly logger: StreamLogger;
  readonly signal?: AbortSignal | undefined;
  readonly onCommitted?: (progress: { events: number; cursor: string; ledger: number | null }) => void;
}

export interface RpcEventsSummary {
  readonly source: string;
  readonly stream: string;
  readonly events: Record<string, number>;
  readonly cursor: string | null;
  readonly ledger: number | null;
  readonly stopped: 'to' | 'caught-up' | 'signal';
}

/** The event-store stream of getEvents facts on one network. */
export const rpcEventsStreamName = (network: string): string => `rpc-events:${network}`;

const maxCursor = (a: string, b: string): string => (compareRpcIds(a, b) >= 0 ? a : b);
const minCursor = (a: string, b: string): string => (compareRpcIds(a, b) <= 0 ? a : b);

/**
 * Follows contract events through Stellar RPC getEvents into the event store: each page's events become
 * the same ContractEventEmitted facts (same ids, same data) the ledger path stores for them, plus their
 * TokenTransferred, appended with the cursor after them in one step. Filters are planned within the
 * RPC's limits (5 filters of 5 contracts); a page that scanned its 10,000-ledger window without filling
 * up moves the cursor to the window's end, so long quiet ranges are walked window by window. A cursor
 * older than the server keeps is INGEST_ERR_RPC_EVENTS_RETENTION; a cursor ahead of the server waits.
 */
export async function streamRpcEvents(options: StreamRpcEventsOptions): Promise<RpcEventsSummary> {
  const { store, http, source, logger, signal } = options;
  const label = networkLabel(options.network);
  const stream = rpcEventsStreamName(label);
  const filters = planFilters(options.filter, source);
  const settings = { filters: filtersKey(filters), network: label };
  const log = createCursorLog(store, stream);
  const stored = await log.read();
  if (stored !== null) {
    const s = stored.payload.settings;
    if (stored.payload.kind !== 'rpc-events' || s.network !== label) {
      throw rpcEventsError(
        'INGEST_ERR_RPC_EVENTS_FILTER_CHANGED',
        `stream ${stream} holds a cursor of another source`,
        {
          source,
          stream,
        },
      );
    }
    if (s.filters !== settings.filters) {
      throw rpcEventsError(
        'INGEST_ERR_RPC_EVENTS_FILTER_CHANGED',
        `the store follows getEvents with filters ${s.filters}, not ${settings.filters}; changing them would leave a gap for the new ones. Use another --store`,
        { source, stream, storedFilters: s.filters },
      );
    }
  }
  const caller = createRpcCaller({ http, url: options.url, source, signal });
  const resolveTxLevel = createTxLevelResolver(caller, label);
  const limit = options.pageLimit ?? 1000;
  const pollMs = options.pollIntervalMs ?? 2000;
  const idleLedgers = options.idleCheckpointLedgers ?? 1000;
  const stopCursor = options.to === undefined ? null : endOfLedgerCursor(options.to);

  let request: EventsRequest;
  if (stored !== null) request = { cursor: stored.payload.cursor };
  else if (options.from !== undefined) request = { startLedger: options.from };
  else {
    // Start at the server's latest ledger, pinned and stored at once: a restart before the first page
    // resumes from the same ledger instead of a later latest one (which would be a gap).
    const latest = await getLatestLedger(caller);
    const cursor = endOfLedgerCursor(latest - 1);
    await log.commit([], { kind: 'rpc-events', source, cursor, ledger: latest - 1, settings });
    request = { cursor };
  }
  let committedCursor: string | null = request.cursor ?? null;
  let committedLedger = ledgerOfRpcCursor(committedCursor ?? undefined) ?? null;
  const counts: Record<string, number> = {};
  let stopped: RpcEventsSummary['stopped'] = 'signal';
  logger.info({ source, stream, filters, request, resumed: stored !== null }, 'rpc getEvents start');

  const commit = async (events: NewEvent[], cursor: string): Promise<void> => {
    const ledger = ledgerOfRpcCursor(cursor) ?? null;
    const payload: CursorPayload = { kind: 'rpc-events', source, cursor, ledger, settings };
    await log.commit(events, payload);
    for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
    committedCursor = cursor;
    committedLedger = ledger;
    options.onCommitted?.({ events: events.length, cursor, ledger });
  };

  const fetchPage = async (): Promise<EventsPage | null> => {
    const at = request.cursor ?? request.startLedger;
    const ledger = request.cursor === undefined ? request.startLedger : ledgerOfRpcCursor(request.cursor);
    try {
      return await getEvents(caller, filters, request, limit, ledger);
    } catch (error) {
      const range = rangeRefusalOf(error);
      if (range === null || ledger === undefined) throw error;
      if (ledger < range.first) {
        throw rpcEventsError(
          'INGEST_ERR_RPC_EVENTS_RETENTION',
          `getEvents cannot start at ${at} (ledger ${ledger}): ${options.url} keeps ledgers ${range.first}..${range.last} only, so the events of ledgers ${ledger}..${range.first - 1} are gone from it`,
          { source, cursor: String(at), ledger, oldestLedger: range.first, latestLedger: range.last },
          error,
        );
      }
      logger.debug({ source, ledger, latest: range.last }, 'start is ahead of the server; waiting');
      return null;
    }
  };

  try {
    for (;;) {
      const page = await fetchPage();
      if (page === null) {
        if (options.stopWhenCaughtUp === true) {
          stopped = 'caught-up';
          break;
        }
        await sleep(pollMs, signal, options.url);
        continue;
      }
      const facts: NewEvent[] = [];
      let beyond = false;
      for (const event of page.events) {
        if (request.cursor !== undefined && compareRpcIds(event.id, request.cursor) <= 0) {
          throw rpcEventsError(
            'INGEST_ERR_RPC_EVENTS_ORDER',
            `getEvents returned event ${event.id}, which is not after the cursor ${request.cursor}`,
            { source, cursor: request.cursor, ledger: event.position.ledger, eventId: event.id },
          );
        }
        if (options.to !== undefined && event.position.ledger > options.to) {
          beyond = true;
          break;
        }
        const fact =
          event.position.stage === 'operation'
            ? operationEventFact(label, event)
            : await resolveTxLevel(event);
        for (const f of withTransfer(label, fact))
          facts.push({ type: f.type, id: f.id, ledger: f.ledger, payload: f });
      }
      const full = page.events.length >= limit && !beyond;
      let next = full ? (page.events[page.events.length - 1]?.id ?? page.cursor) : page.cursor;
      if (request.cursor !== undefined) next = maxCursor(next, request.cursor);
      const done = stopCursor !== null && (beyond || compareRpcIds(next, stopCursor) >= 0);
      if (stopCursor !== null) next = minCursor(next, stopCursor);
      const nextLedger = ledgerOfRpcCursor(next) ?? 0;
      const quietFor = nextLedger - (committedLedger ?? nextLedger);
      if (facts.length > 0 || done || committedCursor === null || quietFor >= idleLedgers) {
        await commit(facts, next);
      }
      request = { cursor: next };
      if (done) {
        stopped = 'to';
        break;
      }
      if (full) continue;
      if (nextLedger >= page.latestLedger) {
        if (options.stopWhenCaughtUp === true) {
          stopped = 'caught-up';
          break;
        }
        await sleep(pollMs, signal, options.url);
      }
    }
  } catch (error) {
    const aborted = signal?.aborted === true || hasErrorCode(error, 'INGEST_ERR_SOURCE_ABORTED');
    if (!aborted) throw error;
  }
  if (request.cursor !== undefined && request.cursor !== committedCursor) {
    await commit([], request.cursor);
  }
  logger.info(
    { source, stream, cursor: committedCursor, ledger: committedLedger, counts, stopped },
    'rpc getEvents stopped',
  );
  return { source, stream, events: counts, cursor: committedCursor, ledger: committedLedger, stopped };
}
