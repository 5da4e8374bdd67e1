import type { LedgerSource } from '../../../contracts/ledger-source.ts';
import { remoteError } from '../../remote/errors.ts';
import type { HttpClient } from '../../remote/http/http-client.ts';
import { sleep } from '../../remote/http/sleep.ts';
import type { RemoteLogger } from '../../remote/remote-logger.ts';
import { sourceError } from '../errors.ts';
import { createSourceShell } from '../source-shell.ts';
import { getRetentionWindow } from './get-health.ts';
import { getLedgers, type RpcLedger } from './get-ledgers.ts';
import type { RetentionWindow } from './retention-window.ts';

/** What the source last heard of the network tip. */
export interface RpcTip {
  readonly latestLedger: number;
  readonly oldestLedger: number;
}

export interface RpcLedgerSourceOptions {
  /** The server's URL (`https://…`). */
  readonly url: string;
  /** The source as the user named it, for logs and errors (`rpc:https://…`). */
  readonly description: string;
  readonly client: HttpClient;
  /** Keep reading new ledgers as they close, forever (or up to `to`). */
  readonly follow: boolean;
  /** Ledgers per getLedgers page (default 200, Stellar RPC's usual maximum; lowered if the server says so). */
  readonly pageLimit?: number | undefined;
  /** How often to ask for new ledgers at the tip (default 5000 ms, the ledger cadence). */
  readonly pollIntervalMs?: number | undefined;
  /** Warn when the tip has not moved for this long while following (default 60 s). */
  readonly stallWarningMs?: number | undefined;
  /** Hears the tip after every page and poll: for lag reports. */
  readonly onTip?: ((tip: RpcTip) => void) | undefined;
  readonly logger: RemoteLogger;
}

export interface RpcReadOptions {
  readonly from: number;
  readonly to: number | undefined;
  readonly signal: AbortSignal;
}

/** A LedgerSource on Stellar RPC `getLedgers`, with the pieces the lake handoff needs. */
export interface RpcLedgerSource extends LedgerSource {
  /** The ledgers the server keeps now (`getHealth`). */
  window(signal?: AbortSignal): Promise<RetentionWindow>;
  /** Ledgers from `from` on, with their hashes. */
  readLedgers(options: RpcReadOptions): AsyncGenerator<RpcLedger, void, undefined>;
}

const DEFAULT_PAGE_LIMIT = 200;
const DEFAULT_POLL_MS = 5000;
const DEFAULT_STALL_WARNING_MS = 60_000;

export function retentionError(
  description: string,
  url: string,
  ledger: number,
  window: RetentionWindow,
): Error {
  return remoteError(
    'INGEST_ERR_RETENTION',
    `Ledger ${ledger} is older than the oldest ledger ${window.oldest} that ${description} keeps (it holds ${window.oldest}..${window.latest}; Stellar RPC keeps about 7 days). Start at --from ${window.oldest} or later, or add --lake with a data lake (https://… or a folder) to backfill the older ledgers and hand off to RPC.`,
    { source: description, url, cursor: ledger - 1, ledger },
    { oldestLedger: window.oldest, latestLedger: window.latest },
  );
}

/**
 * Stellar RPC `getLedgers` as a LedgerSource: pages of up to `pageLimit` ledgers, then (with
 * `follow`) a live tail that polls at ledger cadence. A start older than the server's oldest ledger
 * is INGEST_ERR_RETENTION. Without `follow`, the read ends at the server's latest ledger (a `to`
 * beyond it is INGEST_ERR_SOURCE_RANGE, said before anything is read).
 */
export function createRpcLedgerSource(options: RpcLedgerSourceOptions): RpcLedgerSource {
  const { url, description, client, logger } = options;
  const pollMs = options.pollIntervalMs ?? DEFAULT_POLL_MS;
  const stallWarningMs = options.stallWarningMs ?? DEFAULT_STALL_WARNING_MS;
  let pageLimit = options.pageLimit ?? DEFAULT_PAGE_LIMIT;

  const window = async (signal?: AbortSignal): Promise<RetentionWindow> => {
    const found = await getRetentionWindow({ client, url, source: description, signal });
    options.onTip?.({ latestLedger: found.latest, oldestLedger: found.oldest });
    return found;
  };

  /** Polls getHealth until the server's latest ledger reaches `next`; returns that latest ledger. */
  const waitForLedger = async (next: number, signal: AbortSignal): Promise<number> => {
    let since = Date.now();
    let warnedAt = since;
    let lastTip = -1;
    for (;;) {
      const now = await window(signal);
      if (now.latest >= next) return now.latest;
      if (now.oldest > next) throw retentionError(description, url, next, now);
      if (now.latest !== lastTip) {
        lastTip = now.latest;
        since = Date.now();
      } else if (Date.now() - since >= stallWarningMs && Date.now() - warnedAt >= stallWarningMs) {
        warnedAt = Date.now();
        logger.warn(
          { source: description, tip: now.latest, waitingFor: next, stalledMs: Date.now() - since },
          'the network tip has not moved: the RPC server or the network is stalled',
        );
      }
      logger.debug({ source: description, tip: now.latest, waitingFor: next }, 'at the tip; waiting');
      await sleep(pollMs, signal, description);
    }
  };

  const beyondTip = (to: number, latest: number): Error =>
    sourceError(
      'INGEST_ERR_SOURCE_RANGE',
      `--to ${to} is beyond the latest ledger ${latest} of ${description}. Use --follow to wait for it, or ask for a range that ends at ${latest} or earlier.`,
      { source: description, to, last: latest },
    );

  async function* readLedgers(read: RpcReadOptions): AsyncGenerator<RpcLedger, void, undefined> {
    const { to, signal } = read;
    let next = read.from;
    let useCursor = false;
    let latest: number | undefined;
    let first = true;
    while (to === undefined || next <= to) {
      if (latest !== undefined && next > latest) {
        if (!options.follow) return;
        latest = await waitForLedger(next, signal);
        useCursor = false;
      }
      const limit = to === undefined ? pageLimit : Math.min(pageLimit, to - next + 1);
      const answer = await getLedgers({
        client,
        url,
        source: description,
        start: next,
        useCursor,
        limit,
        signal,
      });
      if (answer.kind === 'refused') {
        const { window: held, message } = answer;
        const lowered = /limit must not exceed (\d+)/i.exec(message)?.[1];
        if (lowered !== undefined && Number(lowered) > 0 && Number(lowered) < pageLimit) {
          logger.info(
            { source: description, limit: Number(lowered) },
            'the RPC server allows fewer ledgers per page',
          );
          pageLimit = Number(lowered);
          continue;
        }
        if (held === undefined) {
          throw remoteError(
            'INGEST_ERR_REMOTE_RPC',
            `${description} refused getLedgers from ledger ${next} with JSON-RPC error ${answer.code}: ${message}`,
            answer.place,
            { method: 'getLedgers', rpcCode: answer.code },
          );
        }
        options.onTip?.({ latestLedger: held.latest, oldestLedger: held.oldest });
        if (next < held.oldest) throw retentionError(description, url, next, held);
        if (next > held.latest) {
          if (first && to !== undefined && !options.follow) throw beyondTip(to, held.latest);
          latest = held.latest;
          first = false;
          if (!options.follow) return;
          continue;
        }
        throw remoteError(
          'INGEST_ERR_REMOTE_RPC',
          `${description} refused getLedgers from ledger ${next} although it keeps ${held.oldest}..${held.latest}: ${message}`,
          answer.place,
          { method: 'getLedgers', rpcCode: answer.code },
        );
      }
      const { page } = answer;
      options.onTip?.({ latestLedger: page.latestLedger, oldestLedger: page.oldestLedger });
      latest = page.latestLedger;
      if (first && to !== undefined && to > latest && !options.follow) throw beyondTip(to, latest);
      first = false;
      for (const ledger of page.ledgers) {
        yield ledger;
        next = ledger.sequence + 1;
      }
      useCursor = page.ledgers.length > 0;
      if (page.ledgers.length === 0) latest = Math.min(latest, next - 1);
    }
  }

  const shell = createSourceShell({
    description,
    read: async function* (range, signal) {
      const from = range.from ?? (await window(signal)).oldest;
      yield* readLedgers({ from, to: range.to, signal });
    },
  });
  return { ...shell, window, readLedgers };
}
