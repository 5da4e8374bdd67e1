import { type ErrorCodeDoc, type ErrorDetails, IndexerError } from '../../contracts/errors.ts';

/**
 * Typed errors of remote sources (Stellar RPC, a data lake over HTTP(S), Horizon…). Every error names
 * the source, and where known the URL, the cursor and the ledger (see RemotePlace).
 */
export type RemoteErrorCode =
  | 'INGEST_ERR_REMOTE_URI'
  | 'INGEST_ERR_REMOTE_CONNECTION'
  | 'INGEST_ERR_REMOTE_TIMEOUT'
  | 'INGEST_ERR_REMOTE_TRUNCATED'
  | 'INGEST_ERR_REMOTE_RATE_LIMITED'
  | 'INGEST_ERR_REMOTE_SERVER'
  | 'INGEST_ERR_REMOTE_HTTP'
  | 'INGEST_ERR_REMOTE_NOT_FOUND'
  | 'INGEST_ERR_REMOTE_MALFORMED'
  | 'INGEST_ERR_REMOTE_RPC'
  | 'INGEST_ERR_RETENTION'
  | 'INGEST_ERR_HANDOFF';

const RETRYABLE: ReadonlySet<RemoteErrorCode> = new Set<RemoteErrorCode>([
  'INGEST_ERR_REMOTE_CONNECTION',
  'INGEST_ERR_REMOTE_TIMEOUT',
  'INGEST_ERR_REMOTE_TRUNCATED',
  'INGEST_ERR_REMOTE_RATE_LIMITED',
  'INGEST_ERR_REMOTE_SERVER',
  'INGEST_ERR_REMOTE_MALFORMED',
]);

export const REMOTE_ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: 'INGEST_ERR_REMOTE_URI',
    retryable: false,
    description:
      'A source URI is not usable: not `rpc:http(s)://…`, `horizon:http(s)://…`, `http(s)://…` (a data lake) or a path, or an option does not fit the source (for example --lake with a source that is not Stellar RPC). The message names the URI; fix it.',
  },
  {
    code: 'INGEST_ERR_REMOTE_CONNECTION',
    retryable: true,
    description:
      'The connection to a remote source failed or was dropped (refused, reset, DNS failure) on every attempt. The message names the URL, cursor and ledger; nothing after the last committed ledger was stored. Check the URL and the network, then rerun the same command to resume.',
  },
  {
    code: 'INGEST_ERR_REMOTE_TIMEOUT',
    retryable: true,
    description:
      'A remote source did not answer in time, or a response stalled (no bytes for the idle timeout) on every attempt. The message names the URL, cursor and ledger. Rerun to resume; raise the timeouts for a slow server.',
  },
  {
    code: 'INGEST_ERR_REMOTE_TRUNCATED',
    retryable: true,
    description:
      'A response body ended before its announced length (the connection closed mid-body) on every attempt. The message names the URL, cursor and ledger. Rerun to resume.',
  },
  {
    code: 'INGEST_ERR_REMOTE_RATE_LIMITED',
    retryable: true,
    description:
      'The server answered 429 Too Many Requests on every attempt (its Retry-After was honoured between attempts). Wait, use a server with a higher limit, or lower the parallelism; then rerun to resume.',
  },
  {
    code: 'INGEST_ERR_REMOTE_SERVER',
    retryable: true,
    description:
      'The server answered with a 5xx status (or 408) on every attempt. The message names the URL, the status and the cursor and ledger; rerun later to resume.',
  },
  {
    code: 'INGEST_ERR_REMOTE_HTTP',
    retryable: false,
    description:
      'The server refused the request with a 4xx status other than 404, 408 and 429 (for example 401 or 403). The message names the URL and status; check the URL and any credentials it needs.',
  },
  {
    code: 'INGEST_ERR_REMOTE_NOT_FOUND',
    retryable: false,
    description:
      'The server answered 404 for a URL that must exist (an RPC endpoint, or a data-lake manifest the layout requires). Check the URL. A missing data-lake object inside the range is INGEST_ERR_SOURCE_GAP instead.',
  },
  {
    code: 'INGEST_ERR_REMOTE_MALFORMED',
    retryable: true,
    description:
      'A response could not be understood on every attempt: invalid JSON, a JSON-RPC result of the wrong shape, metadata that is not base64, a LedgerCloseMeta or lake object that does not decode, or a ledger other than the one asked for. The message names the URL, cursor, ledger and field. The server or the data behind it is broken; report it, or use another source.',
  },
  {
    code: 'INGEST_ERR_REMOTE_RPC',
    retryable: false,
    description:
      'A JSON-RPC server answered with an error object. The message gives its code and message and the request (method, cursor, ledger). Check the start ledger and the server.',
  },
  {
    code: 'INGEST_ERR_RETENTION',
    retryable: false,
    description:
      "The first ledger wanted is older than the oldest ledger the Stellar RPC server keeps (RPC keeps about 7 days). The message gives both. Start later (--from at or after the server's oldest ledger), or give a data lake with --lake to backfill the older ledgers and hand off to RPC.",
  },
  {
    code: 'INGEST_ERR_HANDOFF',
    retryable: false,
    description:
      'At the seam where a data-lake backfill hands off to Stellar RPC, the RPC ledger does not continue the last lake ledger (its previous-ledger hash differs), or the lake ends before the oldest ledger RPC keeps. The two sources hold different chains (another network?) or a gap; check both URLs.',
  },
];

/** Where a remote problem happened; every remote error carries this in its details. */
export interface RemotePlace {
  /** The source as the user named it, e.g. `rpc:https://soroban-testnet.stellar.org`. */
  readonly source: string;
  readonly url?: string | undefined;
  /** The position in the remote stream: an RPC or Horizon cursor, a lake object key. */
  readonly cursor?: string | number | undefined;
  /** The ledger being fetched. */
  readonly ledger?: number | undefined;
}

/** ` (source …, cursor …, ledger …)`-style words for messages. */
export function describePlace(place: RemotePlace): string {
  const parts = [place.url ?? place.source];
  if (place.cursor !== undefined) parts.push(`cursor ${place.cursor}`);
  if (place.ledger !== undefined) parts.push(`ledger ${place.ledger}`);
  return parts.join(', ');
}

/**
 * A typed remote error. `retryable` follows the code (connection, timeout, truncated, 429, 5xx and
 * malformed responses are retried by `withRetries`); `extra` adds details such as `status` or
 * `retryAfterMs` (which `withRetries` honours as the delay before the next attempt).
 */
export function remoteError(
  code: RemoteErrorCode,
  message: string,
  place: RemotePlace,
  extra: ErrorDetails = {},
  cause?: unknown,
): IndexerError {
  return new IndexerError(code, message, {
    retryable: RETRYABLE.has(code),
    details: {
      source: place.source,
      url: place.url,
      cursor: place.cursor,
      ledger: place.ledger,
      ...extra,
    },
    cause,
  });
}
