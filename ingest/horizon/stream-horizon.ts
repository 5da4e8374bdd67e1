import { hasErrorCode } from '../../contracts/errors.ts';
import type { EventStore, NewEvent } from '../../contracts/event-store.ts';
import { ledgerId } from '../../contracts/ids.ts';
import type { Network } from '../../contracts/network.ts';
import { networkLabel } from '../../contracts/network.ts';
import { networkId } from '../decode/transaction-hash.ts';
import type { HttpClient, RetryPolicy } from '../remote/http/index.ts';
import { retryPolicy } from '../remote/http/index.ts';
import { type CursorPayload, createCursorLog } from './cursor-log.ts';
import { endpointQuery, type HorizonEndpoint } from './endpoints.ts';
import { horizonError } from './errors.ts';
import { fetchHorizonRoot } from './horizon-root.ts';
import { createRecordMapper, type HorizonFact } from './map-record.ts';
import { compareTokens, ledgerOfCursor, ledgerOfToken, parsePagingToken } from './paging-token.ts';
import { type HorizonRecord, type ReconnectEvent, streamHorizonRecords } from './sse-stream.ts';
import { createTxHashResolver } from './tx-hash-resolver.ts';

export interface StreamLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface StreamHorizonOptions {
  readonly store: EventStore;
  /** The shared HTTP client: its idle timeout is the stall timeout of the stream. */
  readonly http: HttpClient;
  /** The source as the user named it, e.g. `horizon:https://horizon.stellar.org`. */
  readonly source: string;
  readonly baseUrl: string;
  readonly endpoint: HorizonEndpoint;
  readonly network: Network;
  /**
   * Where to start when the store has no cursor for this stream: `now` (default) or a paging token.
   * With a stored cursor the stream resumes after it, so the same command can simply be rerun; a
   * token beyond the stored cursor is refused (it would skip records).
   */
  readonly cursor?: string | undefined;
  /** Consecutive reconnection failures allowed, and the backoff between them. */
  readonly reconnect?: Partial<RetryPolicy> | undefined;
  /** Commit after this many records (default 500)… */
  readonly batchRecords?: number | undefined;
  /** …or when the oldest uncommitted record is this old (default 1000 ms). */
  readonly batchDelayMs?: number | undefined;
  /** Stop before the first record of a ledger after this one (for /ledgers: right after it). */
  readonly to?: number | undefined;
  /** Stop once the record with this paging token (or a later one) is stored. */
  readonly untilCursor?: string | undefined;
  /** Look up the transaction hash of trades and effects (default true; one request per ledger). */
  readonly resolveTxHashes?: boolean | undefined;
  readonly logger: StreamLogger;
  readonly signal?: AbortSignal | undefined;
  /** Called after each commit. */
  readonly onCommitted?: (progress: StreamProgress) => void;
}

export interface StreamProgress {
  readonly records: number;
  readonly cursor: string;
  readonly ledger: number | null;
}

export interface StreamSummary {
  readonly source: string;
  readonly stream: string;
  readonly records: number;
  readonly events: Record<string, number>;
  /** The cursor stored last (the one a rerun resumes after). */
  readonly cursor: string;
  readonly ledger: number | null;
  readonly stopped: 'to' | 'until-cursor' | 'signal';
}

/** The event-store stream of one Horizon endpoint on one network. */
export const horizonStreamName = (endpoint: HorizonEndpoint, network: string): string =>
  `horizon-${endpoint}:${network}`;

function checkStartCursor(value: string, source: string): string {
  if (value === 'now' || parsePagingToken(value) !== null) return value;
  throw horizonError(
    'INGEST_ERR_HORIZON_CONFIG',
    `--cursor must be "now" or a Horizon paging token (digits, or digits-digits), got "${value}"`,
    { source, option: 'cursor', cursor: value },
  );
}

const TIMEOUT = Symbol('timeout');
const delay = (ms: number): Promise<typeof TIMEOUT> =>
  new Promise((resolve) => setTimeout(() => resolve(TIMEOUT), ms).unref?.());

/**
 * Streams one Horizon endpoint into the event store: records become facts (see map-record.ts) that
 * are appended together with the cursor after them (cursor-log.ts), in batches. A rerun of the same
 * command resumes after the stored cursor: no gap, no duplicate. The /ledgers stream also checks that
 * every ledger follows the previous one. Stops at `to` / `untilCursor` or when the signal fires
 * (committing what it holds); any other failure is a typed error naming source, cursor and ledger,
 * raised after the whole records read before it are stored.
 */
export async function streamHorizon(options: StreamHorizonOptions): Promise<StreamSummary> {
  const { store, http, source, endpoint, logger, signal } = options;
  const label = networkLabel(options.network);
  const stream = horizonStreamName(endpoint, label);
  const settings = { endpoint, network: label };
  const log = createCursorLog(store, stream);
  const stored = await log.read();
  if (stored !== null) {
    const s = stored.payload.settings;
    if (stored.payload.kind !== 'horizon' || s.endpoint !== endpoint || s.network !== label) {
      throw horizonError(
        'INGEST_ERR_STREAM_CURSOR',
        `stream ${stream} holds a cursor of another source (${stored.payload.kind} ${JSON.stringify(s)})`,
        { source, stream },
      );
    }
  }
  const given = options.cursor === undefined ? undefined : checkStartCursor(options.cursor, source);
  const storedToken = stored === null ? null : parsePagingToken(stored.payload.cursor);
  const givenToken = given === undefined ? null : parsePagingToken(given);
  if (storedToken !== null && givenToken !== null && compareTokens(givenToken, storedToken) > 0) {
    throw horizonError(
      'INGEST_ERR_HORIZON_CONFIG',
      `the store follows ${endpoint} up to cursor ${storedToken.text}; --cursor ${given} is beyond it and would skip the records in between. Omit --cursor to resume, or use another --store`,
      { source, option: 'cursor', cursor: given, storedCursor: storedToken.text },
    );
  }
  let cursor = stored?.payload.cursor ?? given ?? 'now';
  let tip =
    stored?.payload.ledgerHash != null && stored.payload.ledger !== null
      ? { sequence: stored.payload.ledger, hash: stored.payload.ledgerHash }
      : null;

  const root = await fetchHorizonRoot(http, source, options.baseUrl, signal);
  if (root.networkPassphrase !== options.network.passphrase) {
    throw horizonError(
      'INGEST_ERR_HORIZON_WRONG_NETWORK',
      `${options.baseUrl} serves "${root.networkPassphrase}", not "${options.network.passphrase}"`,
      { source, network: label },
    );
  }
  const cursorLedger = ledgerOfCursor(cursor);
  if (cursorLedger !== undefined && cursorLedger + (endpoint === 'ledgers' ? 1 : 0) < root.elderLedger) {
    throw horizonError(
      'INGEST_ERR_HORIZON_RETENTION',
      `cursor ${cursor} is in ledger ${cursorLedger}, but ${options.baseUrl} keeps history from ledger ${root.elderLedger} only: ledgers ${cursorLedger}..${root.elderLedger - 1} would be skipped`,
      { source, cursor, ledger: cursorLedger, oldestLedger: root.elderLedger },
    );
  }

  if (cursor === 'now') {
    // `now` is pinned to just after the latest ledger Horizon has and stored at once: a restart before
    // the first record then resumes from the same point, not from a later `now` (which would be a gap).
    cursor = endpoint === 'ledgers' ? ledgerId(root.latestLedger) : ledgerId(root.latestLedger + 1);
    await log.commit([], {
      kind: 'horizon',
      source,
      cursor,
      ledger: ledgerOfCursor(cursor) ?? null,
      settings,
    });
  }

  const ctx = { source, endpoint, network: label, networkId: networkId(options.network.passphrase) };
  const resolver =
    options.resolveTxHashes === false || (endpoint !== 'trades' && endpoint !== 'effects')
      ? null
      : createTxHashResolver({ http, source, baseUrl: options.baseUrl, signal });
  const mapRecord = createRecordMapper(ctx, resolver);
  const records = streamHorizonRecords({
    http,
    source,
    baseUrl: options.baseUrl,
    endpoint,
    cursor,
    query: { ...endpointQuery(endpoint), limit: '200' },
    reconnect: retryPolicy(options.reconnect),
    signal,
    onReconnect: (e: ReconnectEvent) =>
      (e.reason === 'closed' ? logger.debug : logger.warn).call(
        logger,
        {
          source,
          endpoint,
          cursor: e.cursor,
          failures: e.failures,
          delayMs: e.delayMs,
          error: e.error?.toLine(),
        },
        `horizon stream ${e.reason}; reconnecting`,
      ),
  });
  logger.info({ source, endpoint, stream, cursor, resumed: stored !== null }, 'horizon stream start');

  const maxRecords = options.batchRecords ?? 500;
  const maxDelayMs = options.batchDelayMs ?? 1_000;
  const until = options.untilCursor === undefined ? null : parsePagingToken(options.untilCursor);
  const counts: Record<string, number> = {};
  let buffered: NewEvent[] = [];
  let bufferedSince = 0;
  let pendingCursor = cursor;
  let pendingTip = tip;
  let total = 0;
  let stopped: StreamSummary['stopped'] = 'signal';

  const flush = async (): Promise<void> => {
    if (buffered.length === 0) return;
    const ledger = ledgerOfCursor(pendingCursor) ?? null;
    const payload: CursorPayload = {
      kind: 'horizon',
      source,
      cursor: pendingCursor,
      ledger,
      settings,
      ledgerHash: endpoint === 'ledgers' ? (pendingTip?.hash ?? null) : null,
    };
    await log.commit(buffered, payload);
    for (const e of buffered) counts[e.type] = (counts[e.type] ?? 0) + 1;
    total += buffered.length;
    cursor = pendingCursor;
    tip = pendingTip;
    buffered = [];
    logger.debug({ stream, cursor, ledger, records: total }, 'committed');
    options.onCommitted?.({ records: total, cursor, ledger });
  };

  const accept = (record: HorizonRecord, fact: HorizonFact): void => {
    if (fact.type === 'HorizonLedgerRecorded') {
      const prev = pendingTip;
      if (
        prev !== null &&
        (fact.data.sequence !== prev.sequence + 1 || fact.data.previousHash !== prev.hash)
      ) {
        throw horizonError(
          'INGEST_ERR_HORIZON_LEDGER_GAP',
          `ledger ${fact.data.sequence} (previous hash ${fact.data.previousHash}) does not follow the stored ledger ${prev.sequence} (hash ${prev.hash})`,
          {
            source,
            endpoint,
            cursor: pendingCursor,
            ledger: fact.data.sequence,
            expected: prev.sequence + 1,
          },
        );
      }
      pendingTip = { sequence: fact.data.sequence, hash: fact.data.hash };
    }
    if (buffered.length === 0) bufferedSince = Date.now();
    buffered.push({ type: fact.type, id: fact.id, ledger: fact.ledger, payload: fact });
    pendingCursor = record.token.text;
  };

  const iterator = records[Symbol.asyncIterator]();
  let next: Promise<IteratorResult<HorizonRecord>> | null = null;
  try {
    for (;;) {
      next ??= iterator.next();
      let result: IteratorResult<HorizonRecord> | typeof TIMEOUT;
      if (buffered.length > 0) {
        result = await Promise.race([next, delay(Math.max(0, bufferedSince + maxDelayMs - Date.now()))]);
        if (result === TIMEOUT) {
          await flush();
          continue;
        }
      } else result = await next;
      next = null;
      if (result.done) break;
      const record = result.value;
      if (options.to !== undefined && ledgerOfToken(record.token) > options.to) {
        stopped = 'to';
        break;
      }
      accept(record, await mapRecord(record));
      if (buffered.length >= maxRecords) await flush();
      if (options.to !== undefined && endpoint === 'ledgers' && ledgerOfToken(record.token) >= options.to) {
        stopped = 'to';
        break;
      }
      if (until !== null && compareTokens(record.token, until) >= 0) {
        stopped = 'until-cursor';
        break;
      }
    }
  } catch (error) {
    const aborted = signal?.aborted === true || hasErrorCode(error, 'INGEST_ERR_SOURCE_ABORTED');
    if (!(hasErrorCode(error) && error.code.startsWith('STORE_ERR_'))) await flush();
    if (!aborted) throw error;
  } finally {
    await iterator.return?.(undefined);
  }
  await flush();
  const ledger = ledgerOfCursor(cursor) ?? null;
  logger.info(
    { source, endpoint, stream, cursor, ledger, records: total, stopped },
    'horizon stream stopped',
  );
  return { source, stream, records: total, events: counts, cursor, ledger, stopped };
}
