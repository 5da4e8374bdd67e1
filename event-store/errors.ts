import { type ErrorCodeDoc, type ErrorDetails, IndexerError } from '../contracts/errors.ts';

export const STORE_ERR_BAD_URI = 'STORE_ERR_BAD_URI';
export const STORE_ERR_CONFLICT = 'STORE_ERR_CONFLICT';
export const STORE_ERR_CHECKPOINT_CONFLICT = 'STORE_ERR_CHECKPOINT_CONFLICT';
export const STORE_ERR_DUPLICATE_EVENT = 'STORE_ERR_DUPLICATE_EVENT';
export const STORE_ERR_PAYLOAD = 'STORE_ERR_PAYLOAD';
export const STORE_ERR_INVALID_ARGUMENT = 'STORE_ERR_INVALID_ARGUMENT';
export const STORE_ERR_TOO_LARGE = 'STORE_ERR_TOO_LARGE';
export const STORE_ERR_UNAVAILABLE = 'STORE_ERR_UNAVAILABLE';
export const STORE_ERR_OPEN_FAILED = 'STORE_ERR_OPEN_FAILED';
export const STORE_ERR_SCHEMA_VERSION = 'STORE_ERR_SCHEMA_VERSION';
export const STORE_ERR_CLOSED = 'STORE_ERR_CLOSED';
export const STORE_ERR_CORRUPT = 'STORE_ERR_CORRUPT';
export const STORE_ERR_BACKEND = 'STORE_ERR_BACKEND';

export const STORE_ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: STORE_ERR_BAD_URI,
    retryable: false,
    description:
      'The event store URI is not one of the accepted forms (sqlite:PATH, esdb://…, kurrentdb://…). Fix the --store option or the STORE_URL setting.',
  },
  {
    code: STORE_ERR_CONFLICT,
    retryable: false,
    description:
      'An append expected a stream revision (or no stream) that differs from the stored one; details name the stream, expected and actual revision. Re-read the stream and decide again.',
  },
  {
    code: STORE_ERR_CHECKPOINT_CONFLICT,
    retryable: false,
    description:
      'A ledger commit expected a checkpoint that is not the stored one: another writer moved it, or the writer resumed from a stale checkpoint. Nothing was written; re-read the checkpoint and resume from it.',
  },
  {
    code: STORE_ERR_DUPLICATE_EVENT,
    retryable: false,
    description:
      'An event with the same (type, id) is already stored or appears twice in one commit; nothing was written. Event ids are deterministic, so this usually means the same ledger is being ingested twice: check the checkpoint.',
  },
  {
    code: STORE_ERR_PAYLOAD,
    retryable: false,
    description:
      'An event payload cannot be serialized as JSON (a bigint, a cycle, or undefined); details name the event type and id. Encode bigints as decimal strings before storing.',
  },
  {
    code: STORE_ERR_INVALID_ARGUMENT,
    retryable: false,
    description:
      'A store method got an argument it cannot use (empty stream name, negative revision, missing checkpoint). Fix the caller; details name the argument.',
  },
  {
    code: STORE_ERR_TOO_LARGE,
    retryable: false,
    description:
      'A single event (or a generic append) is larger than the backend accepts in one write (EventStoreDB refuses appends over 1 MiB). Split the event or store large data elsewhere.',
  },
  {
    code: STORE_ERR_UNAVAILABLE,
    retryable: true,
    description:
      'The store could not be reached or is busy (EventStoreDB connection down, SQLite file locked by another writer past the timeout). Retry after a pause; check the server or the other process.',
  },
  {
    code: STORE_ERR_OPEN_FAILED,
    retryable: false,
    description:
      'The store could not be opened (directory not writable, file is not a SQLite database, bad connection string). Check the path or URI in the message.',
  },
  {
    code: STORE_ERR_SCHEMA_VERSION,
    retryable: false,
    description:
      'The SQLite file was written by a newer version of the indexer (its schema version is higher than this code knows). Upgrade the indexer or point it at another file.',
  },
  {
    code: STORE_ERR_CLOSED,
    retryable: false,
    description: 'A store method was called after close(). Open a new store.',
  },
  {
    code: STORE_ERR_CORRUPT,
    retryable: false,
    description:
      'Stored data does not have the shape this code wrote (unparseable payload, malformed commit record). Details name the stream and revision; inspect it before continuing.',
  },
  {
    code: STORE_ERR_BACKEND,
    retryable: false,
    description:
      'The database reported an error this code does not expect (disk full, I/O error, access denied). The cause holds the original error; fix the database and retry.',
  },
];

/** Builds a store error: code, message that says what and where, and details. */
export function storeError(
  code: string,
  message: string,
  options: { details?: ErrorDetails; cause?: unknown; retryable?: boolean } = {},
): IndexerError {
  const doc = STORE_ERROR_CODES.find((d) => d.code === code);
  return new IndexerError(code, message, {
    retryable: options.retryable ?? doc?.retryable ?? false,
    details: options.details ?? {},
    cause: options.cause,
  });
}
