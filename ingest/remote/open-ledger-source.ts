import type { LedgerSource } from '../../contracts/ledger-source.ts';
import { openHttpLakeSource } from '../sources/http-lake/http-lake-source.ts';
import { openLocalLedgerSource } from '../sources/open-local-source.ts';
import {
  createLakeHandoffSource,
  type LakeUntilEnd,
  lakeUntilEndOf,
} from '../sources/rpc/lake-handoff-source.ts';
import { createRpcLedgerSource, type RpcTip } from '../sources/rpc/rpc-source.ts';
import { remoteError } from './errors.ts';
import { createHttpClient, type HttpClientOptions } from './http/http-client.ts';
import type { RemoteLogger } from './remote-logger.ts';
import { parseSourceUri } from './source-uri.ts';

export interface OpenLedgerSourceOptions {
  /** `rpc:https://…`, `https://…` (a data lake), or a path (files or a data-lake folder). */
  readonly source: string;
  /** With an `rpc:` source: a data lake (`https://…` or a folder) for ledgers older than RPC keeps. */
  readonly lake?: string | undefined;
  /** With an `rpc:` source: keep reading new ledgers as they close. */
  readonly follow?: boolean | undefined;
  /** Retries and timeouts of remote requests. */
  readonly http?: Omit<HttpClientOptions, 'onRetry'> | undefined;
  /** Data-lake objects fetched at the same time over HTTP (default 8). */
  readonly parallelism?: number | undefined;
  /** Ledgers per getLedgers page (default 200). */
  readonly pageLimit?: number | undefined;
  /** How often a following run asks RPC for new ledgers (default 5000 ms). */
  readonly pollIntervalMs?: number | undefined;
  /** Local sources: files decompressed ahead (default 4). */
  readonly readAhead?: number | undefined;
  /** Hears the network tip (RPC sources): for lag reports. */
  readonly onTip?: ((tip: RpcTip) => void) | undefined;
  readonly logger: RemoteLogger;
  readonly signal?: AbortSignal | undefined;
}

export interface OpenedLedgerSource extends LedgerSource {
  readonly kind: 'rpc' | 'http-lake' | 'data-lake' | 'files';
  /** True when the source knows the network tip (RPC), so a lag can be reported. */
  readonly knowsTip: boolean;
}

function usage(text: string, message: string): Error {
  return remoteError('INGEST_ERR_REMOTE_URI', message, { source: text });
}

/**
 * Opens the ledger source a `--source` string names (see parseSourceUri), with an optional lake for
 * the lake→RPC handoff. Remote sources share one HTTP client whose retries are logged as warnings.
 */
export async function openLedgerSource(options: OpenLedgerSourceOptions): Promise<OpenedLedgerSource> {
  const uri = parseSourceUri(options.source);
  const { logger } = options;
  const follow = options.follow === true;
  if (uri.kind === 'horizon') {
    throw usage(
      uri.text,
      `${uri.text} is a Horizon server, which does not serve ledger metadata (LedgerCloseMeta): \`ingest\` needs rpc:https://…, a data lake or a path; Horizon streams are read by \`stellar-indexer stream --source horizon:…\`.`,
    );
  }
  if (uri.kind !== 'rpc' && options.lake !== undefined) {
    throw usage(
      uri.text,
      `--lake goes with an rpc: source (lake backfill, then RPC); ${uri.text} is not one.`,
    );
  }
  if (uri.kind !== 'rpc' && follow) {
    throw usage(
      uri.text,
      `--follow needs an rpc: source (Stellar RPC knows the network tip); ${uri.text} is not one. Use --source rpc:https://… [--lake ${uri.text}].`,
    );
  }
  const client = createHttpClient({
    ...options.http,
    onRetry: ({ error, attempt, delayMs, place }) =>
      logger.warn(
        {
          code: error.code,
          source: place.source,
          url: place.url,
          cursor: place.cursor,
          ledger: place.ledger,
          attempt,
          delayMs,
        },
        `retrying: ${error.message}`,
      ),
  });
  const openLake = async (text: string): Promise<LakeUntilEnd> => {
    const lakeUri = parseSourceUri(text);
    if (lakeUri.kind === 'http-lake') {
      const lake = await openHttpLakeSource({
        url: lakeUri.url,
        client,
        parallelism: options.parallelism,
        logger,
        signal: options.signal,
      });
      return {
        description: lake.description,
        readUntilEnd: (from, to, signal) => lake.readLedgers({ from, to, signal, untilEnd: true }),
        close: () => lake.close(),
      };
    }
    if (lakeUri.kind !== 'path')
      throw usage(text, `--lake must be a data lake (https://… or a folder), not ${text}.`);
    return lakeUntilEndOf(await openLocalLedgerSource(lakeUri.path, { readAhead: options.readAhead }));
  };

  if (uri.kind === 'rpc') {
    const rpc = createRpcLedgerSource({
      url: uri.url,
      description: uri.text,
      client,
      follow,
      pageLimit: options.pageLimit,
      pollIntervalMs: options.pollIntervalMs,
      onTip: options.onTip,
      logger,
    });
    if (options.lake === undefined) return { ...rpc, kind: 'rpc', knowsTip: true };
    const handoff = createLakeHandoffSource({ rpc, lake: await openLake(options.lake), logger });
    return { ...handoff, kind: 'rpc', knowsTip: true };
  }
  if (uri.kind === 'http-lake') {
    const lake = await openHttpLakeSource({
      url: uri.url,
      client,
      parallelism: options.parallelism,
      logger,
      signal: options.signal,
    });
    return { ...lake, kind: 'http-lake', knowsTip: false };
  }
  const local = await openLocalLedgerSource(uri.path, { readAhead: options.readAhead });
  return { ...local, kind: local.kind, knowsTip: false };
}
