import { hasErrorCode } from '../../../contracts/errors.ts';
import { remoteError } from '../../remote/errors.ts';
import type { HttpClient } from '../../remote/http/http-client.ts';
import { decompressWhole } from '../compression.ts';
import type { LedgerSpan } from '../galexie-names.ts';
import { ledgersOfContent } from '../ledger-content.ts';
import type { LedgerEntry } from '../ledger-entry.ts';

/** A lake object fetched over HTTP: its ledgers, or the fact that the lake has no such object. */
export type FetchedLakeObject =
  | { readonly kind: 'found'; readonly url: string; readonly entries: readonly LedgerEntry[] }
  | { readonly kind: 'missing'; readonly url: string };

export interface FetchLakeObjectOptions {
  readonly client: HttpClient;
  /** The object's URL. */
  readonly url: string;
  /** The ledgers the object's name announces. */
  readonly span: LedgerSpan;
  readonly description: string;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Fetches one data-lake object (retried as the client's policy says), decompresses it and finds its
 * ledgers with the same readers as the local lake. 404 is `missing`. A body that does not
 * decompress or frame (a damaged download) is INGEST_ERR_REMOTE_MALFORMED and fetched again; an
 * object holding ledgers outside its name's span is INGEST_ERR_REMOTE_MALFORMED too.
 */
export function fetchLakeObject(options: FetchLakeObjectOptions): Promise<FetchedLakeObject> {
  const { url, span } = options;
  const place = {
    source: options.description,
    url,
    cursor: url.slice(url.lastIndexOf('/') + 1),
    ledger: span.start,
  };
  return options.client.fetchBytes(
    { url, place, signal: options.signal, acceptStatus: [404] },
    async ({ status, bytes }): Promise<FetchedLakeObject> => {
      if (status === 404) return { kind: 'missing', url };
      let entries: LedgerEntry[];
      try {
        entries = ledgersOfContent(await decompressWhole(bytes, url), url);
      } catch (cause) {
        if (!hasErrorCode(cause, 'INGEST_ERR_SOURCE_FORMAT')) throw cause;
        throw remoteError(
          'INGEST_ERR_REMOTE_MALFORMED',
          `The data-lake object ${url} (${bytes.byteLength} bytes) is damaged: ${cause.message}`,
          place,
          { field: 'object', bytes: bytes.byteLength },
          cause,
        );
      }
      const outside = entries.find((e) => e.sequence < span.start || e.sequence > span.end);
      if (entries.length === 0 || outside !== undefined) {
        throw remoteError(
          'INGEST_ERR_REMOTE_MALFORMED',
          `The data-lake object ${url} is named for ledgers ${span.start}-${span.end} but holds ${outside === undefined ? 'no ledger' : `ledger ${outside.sequence}`}. The object is misplaced or corrupt.`,
          { ...place, ledger: outside?.sequence ?? span.start },
          { field: 'object' },
        );
      }
      return { kind: 'found', url, entries };
    },
  );
}
