import { transactionId } from '../../contracts/ids.ts';
import { remoteError } from '../remote/errors.ts';
import { type HttpClient, parseJsonBody } from '../remote/http/index.ts';
import { horizonError } from './errors.ts';

/** The hash of the transaction at (ledger, application order). */
export type TxHashResolver = (ledger: number, order: number, cursor: string) => Promise<string>;

export interface TxHashResolverOptions {
  readonly http: HttpClient;
  readonly source: string;
  readonly baseUrl: string;
  readonly signal?: AbortSignal | undefined;
  /** Ledgers whose transaction lists are kept (default 4). */
  readonly cacheLedgers?: number;
}

interface Page {
  readonly records: readonly { hash: string; token: string }[];
}

function readPage(value: unknown, url: string, source: string, ledger: number): Page {
  const records = (value as { _embedded?: { records?: unknown } } | null)?._embedded?.records;
  if (!Array.isArray(records)) {
    throw remoteError(
      'INGEST_ERR_REMOTE_MALFORMED',
      `${url} is not a Horizon page (no _embedded.records)`,
      { source, url, ledger },
      { field: '_embedded.records' },
    );
  }
  return {
    records: records.map((r, i) => {
      const { hash, paging_token: token } = (r ?? {}) as { hash?: unknown; paging_token?: unknown };
      if (typeof hash !== 'string' || typeof token !== 'string') {
        throw remoteError(
          'INGEST_ERR_REMOTE_MALFORMED',
          `${url}: record ${i} lacks hash or paging_token`,
          { source, url, ledger },
          { field: `_embedded.records[${i}]` },
        );
      }
      return { hash, token };
    }),
  };
}

/**
 * Horizon's trade and effect records do not name their transaction, only its TOID. This reads the
 * ledger's transactions once (`/ledgers/{seq}/transactions`, failed ones included, 200 a page) and
 * answers every (ledger, order) of that ledger from it: one request per ledger, not per record.
 */
export function createTxHashResolver(options: TxHashResolverOptions): TxHashResolver {
  const { http, source } = options;
  const max = options.cacheLedgers ?? 4;
  const cache = new Map<number, Promise<Map<string, string>>>();

  async function load(ledger: number): Promise<Map<string, string>> {
    const byToken = new Map<string, string>();
    let cursor = '';
    for (;;) {
      const url = new URL(
        `ledgers/${ledger}/transactions`,
        options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`,
      );
      url.searchParams.set('include_failed', 'true');
      url.searchParams.set('order', 'asc');
      url.searchParams.set('limit', '200');
      if (cursor !== '') url.searchParams.set('cursor', cursor);
      const href = url.toString();
      const page = await http.fetchBytes(
        {
          url: href,
          headers: { accept: 'application/json' },
          place: { source, ledger },
          signal: options.signal,
        },
        ({ bytes }) => readPage(parseJsonBody(bytes, { source, url: href, ledger }), href, source, ledger),
      );
      for (const r of page.records) byToken.set(r.token, r.hash);
      const last = page.records[page.records.length - 1];
      if (page.records.length < 200 || last === undefined) return byToken;
      cursor = last.token;
    }
  }

  return async (ledger, order, cursor) => {
    let entry = cache.get(ledger);
    if (entry === undefined) {
      entry = load(ledger);
      cache.set(ledger, entry);
      entry.catch(() => cache.delete(ledger));
      while (cache.size > max) cache.delete(cache.keys().next().value as number);
    }
    const hash = (await entry).get(transactionId(ledger, order));
    if (hash === undefined) {
      throw horizonError(
        'INGEST_ERR_HORIZON_RECORD',
        `record ${cursor} names transaction ${order} of ledger ${ledger}, which Horizon does not list under /ledgers/${ledger}/transactions`,
        { source, cursor, ledger, field: 'paging_token' },
      );
    }
    return hash;
  };
}
