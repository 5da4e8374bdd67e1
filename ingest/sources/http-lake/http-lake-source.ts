import type { LedgerSource, RawLedger } from '../../../contracts/ledger-source.ts';
import { mapOrdered } from '../../ordered-map.ts';
import type { HttpClient } from '../../remote/http/http-client.ts';
import type { RemoteLogger } from '../../remote/remote-logger.ts';
import { sourceError } from '../errors.ts';
import { batchSpan, type LedgerSpan, lakeObjectKey, OBJECT_EXTENSIONS } from '../galexie-names.ts';
import type { LakeConfig } from '../lake-config.ts';
import { createSourceShell } from '../source-shell.ts';
import { type FetchedLakeObject, fetchLakeObject } from './fetch-lake-object.ts';
import { fetchLakeConfig } from './http-lake-config.ts';

export interface HttpLakeSourceOptions {
  /** The lake's root URL (`https://…`, no trailing slash). */
  readonly url: string;
  /** For logs and errors, e.g. `galexie:https://…`. */
  readonly description: string;
  readonly client: HttpClient;
  readonly config: LakeConfig;
  /** Objects fetched at the same time, ahead of the consumer (default 8). */
  readonly parallelism?: number | undefined;
  readonly logger: RemoteLogger;
}

export interface HttpLakeReadOptions {
  readonly from: number;
  readonly to: number | undefined;
  readonly signal: AbortSignal;
  /**
   * A missing object ends the read quietly (where the lake ends, for a handoff to RPC). Otherwise a
   * missing object inside from..to is INGEST_ERR_SOURCE_GAP; without `to` it ends the read too.
   */
  readonly untilEnd: boolean;
}

/** A data lake over HTTP(S), with what the handoff to RPC needs. */
export interface HttpLakeSource extends LedgerSource {
  readonly networkPassphrase: string | undefined;
  readLedgers(options: HttpLakeReadOptions): AsyncGenerator<RawLedger, void, undefined>;
}

export const DEFAULT_LAKE_PARALLELISM = 8;

/**
 * Reads a Stellar data lake (Galexie / SEP-54 layout, as the public ledger buckets) over HTTP(S):
 * object keys come from the manifest, objects are fetched `parallelism` at a time ahead of the
 * consumer and handed over in ledger order. Each object is retried on its own (5xx, 429, timeouts,
 * cut or damaged bodies) before the read fails with a typed error naming the object and ledger.
 */
export function createHttpLakeSource(options: HttpLakeSourceOptions): HttpLakeSource {
  const { url, description, client, config, logger } = options;
  const parallelism = options.parallelism ?? DEFAULT_LAKE_PARALLELISM;
  if (!Number.isSafeInteger(parallelism) || parallelism < 1) {
    throw sourceError(
      'INGEST_ERR_SOURCE_CONFIG',
      `The parallelism of ${description} must be a whole number of requests (1 or more), got ${parallelism}.`,
      { source: description, field: 'parallelism' },
    );
  }
  let extensions: readonly string[] = OBJECT_EXTENSIONS;

  const objectUrl = (span: LedgerSpan, extension: string): string =>
    `${url}/${lakeObjectKey(span.start, config, extension)}`;

  /** The object of `span`, under either extension (the one found last is tried first). */
  const fetchSpan = async (span: LedgerSpan, signal: AbortSignal): Promise<FetchedLakeObject> => {
    let missing: FetchedLakeObject | undefined;
    for (const extension of extensions) {
      const got = await fetchLakeObject({
        client,
        url: objectUrl(span, extension),
        span,
        description,
        signal,
      });
      if (got.kind === 'found') {
        if (extension !== extensions[0])
          extensions = [extension, ...extensions.filter((e) => e !== extension)];
        return got;
      }
      missing ??= got;
    }
    return missing ?? { kind: 'missing', url: objectUrl(span, OBJECT_EXTENSIONS[0]) };
  };

  async function* spans(from: number, to: number | undefined): AsyncGenerator<LedgerSpan> {
    for (let at = batchSpan(from, config).start; to === undefined || at <= to; at += config.ledgersPerBatch) {
      yield batchSpan(at, config);
    }
  }

  const gapError = (missing: number, objectUrl: string, laterUrl?: string): Error =>
    sourceError(
      'INGEST_ERR_SOURCE_GAP',
      `Ledger ${missing} is missing from the data lake ${url}: its object ${objectUrl} does not exist (HTTP 404)${laterUrl === undefined ? '' : `, though ${laterUrl} after it does`}. Copy the missing object into the lake, or read a range that stops before ledger ${missing}.`,
      { ledger: missing, lake: url, file: objectUrl },
    );

  const startError = async (from: number, signal: AbortSignal, objectAt: string): Promise<Error> => {
    const before = from > 0 ? await fetchSpan(batchSpan(from - 1, config), signal) : undefined;
    const endsBefore = before?.kind === 'found';
    return sourceError(
      'INGEST_ERR_SOURCE_RANGE',
      endsBefore
        ? `${description} ends at ledger ${from - 1}: it has no object for ledger ${from} yet (${objectAt}). Wait for it, or add Stellar RPC with --source rpc:… --lake … to read newer ledgers.`
        : `${description} has no object for ledger ${from} (${objectAt}): the lake does not hold it. Check --from and the URL.`,
      { source: description, from, ...(endsBefore ? { last: from - 1 } : {}) },
    );
  };

  async function* readLedgers(read: HttpLakeReadOptions): AsyncGenerator<RawLedger, void, undefined> {
    const { from, to } = read;
    // Stopping early (the consumer is done, or an error) drops the fetches still in flight.
    const stop = new AbortController();
    const signal = AbortSignal.any([read.signal, stop.signal]);
    let expected = from;
    const objects = mapOrdered(spans(from, to), (span) => fetchSpan(span, signal), parallelism);
    const iterator = objects[Symbol.asyncIterator]();
    try {
      for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) {
        const object = next.value;
        if (object.kind === 'missing') {
          if (expected === from && !read.untilEnd) throw await startError(from, read.signal, object.url);
          if (to !== undefined && !read.untilEnd) throw gapError(expected, object.url);
          // The objects after it are already in flight: if one exists, this is a hole, not the end.
          for (let ahead = 0; ahead < Math.max(1, parallelism - 1); ahead++) {
            const later = await iterator.next();
            if (later.done === true) break;
            if (later.value.kind === 'found') throw gapError(expected, object.url, later.value.url);
          }
          logger.info(
            { source: description, lastLedger: expected - 1, missing: object.url },
            'the data lake ends here',
          );
          return;
        }
        for (const entry of object.entries) {
          if (entry.sequence < expected) continue;
          if (to !== undefined && entry.sequence > to) return;
          if (entry.sequence !== expected) {
            throw sourceError(
              'INGEST_ERR_SOURCE_GAP',
              `Ledger ${expected} is missing from the data lake ${url}: the next ledger found is ${entry.sequence} in ${entry.origin}. Repair the object, or read a range that stops before ledger ${expected}.`,
              { ledger: expected, lake: url, file: entry.origin },
            );
          }
          yield { sequence: entry.sequence, xdr: entry.bytes(), origin: entry.origin };
          expected = entry.sequence + 1;
        }
      }
    } finally {
      stop.abort();
      await iterator.return?.(undefined);
    }
  }

  const shell = createSourceShell({
    description,
    read: (range, signal) => {
      if (range.from === undefined) {
        throw sourceError(
          'INGEST_ERR_SOURCE_RANGE',
          `${description} is a data lake over HTTP, which cannot be listed: give --from (the first ledger to read), or resume a store that already has a checkpoint.`,
          { source: description, field: 'from' },
        );
      }
      return readLedgers({ from: range.from, to: range.to, signal, untilEnd: false });
    },
  });
  return { ...shell, networkPassphrase: config.networkPassphrase, readLedgers };
}

export interface OpenHttpLakeOptions {
  readonly url: string;
  readonly client: HttpClient;
  readonly parallelism?: number | undefined;
  readonly logger: RemoteLogger;
  readonly signal?: AbortSignal | undefined;
}

/** Fetches the lake's manifest and opens it as a source (`galexie:<url>`). */
export async function openHttpLakeSource(options: OpenHttpLakeOptions): Promise<HttpLakeSource> {
  const description = `galexie:${options.url}`;
  const config = await fetchLakeConfig({
    client: options.client,
    url: options.url,
    description,
    signal: options.signal,
  });
  return createHttpLakeSource({ ...options, description, config });
}
