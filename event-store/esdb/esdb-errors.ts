import { ErrorType, isCommandError } from '@eventstore/db-client';
import type { ErrorDetails } from '../../contracts/errors.ts';
import { hasErrorCode } from '../../contracts/errors.ts';
import {
  STORE_ERR_BACKEND,
  STORE_ERR_CORRUPT,
  STORE_ERR_TOO_LARGE,
  STORE_ERR_UNAVAILABLE,
  storeError,
} from '../errors.ts';

/** gRPC status codes that mean "the server is not reachable right now": CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE. */
const RETRYABLE_GRPC = new Set([1, 4, 8, 14]);

const RETRYABLE_TYPES = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.NOT_LEADER,
  ErrorType.CANCELLED,
]);

function commandType(error: unknown): string | undefined {
  return error instanceof Error && isCommandError(error) ? error.type : undefined;
}

export const isWrongExpectedVersion = (error: unknown): boolean =>
  commandType(error) === ErrorType.WRONG_EXPECTED_VERSION;

export const isStreamNotFound = (error: unknown): boolean =>
  commandType(error) === ErrorType.STREAM_NOT_FOUND;

/**
 * Turns a client failure into a typed store error: connection problems are retryable
 * STORE_ERR_UNAVAILABLE, an oversized append STORE_ERR_TOO_LARGE, a deleted stream STORE_ERR_CORRUPT,
 * the rest STORE_ERR_BACKEND. Typed store errors pass through.
 */
export function mapEsdbError(error: unknown, what: string, details: ErrorDetails): unknown {
  if (hasErrorCode(error) && error.code.startsWith('STORE_ERR_')) return error;
  const cause = error instanceof Error ? error.message : String(error);
  const message = details.endpoint === undefined ? cause : `${cause}; server ${details.endpoint}`;
  const type = commandType(error);
  const grpc = (error as { code?: unknown } | null)?.code;
  if (
    (type !== undefined && RETRYABLE_TYPES.has(type)) ||
    (typeof grpc === 'number' && RETRYABLE_GRPC.has(grpc))
  ) {
    return storeError(
      STORE_ERR_UNAVAILABLE,
      `${what}: EventStoreDB is unreachable (${message}); retry later and check that the server is up`,
      { details, cause: error },
    );
  }
  if (type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED) {
    return storeError(
      STORE_ERR_TOO_LARGE,
      `${what}: EventStoreDB refused the append as too large (${message})`,
      {
        details,
        cause: error,
      },
    );
  }
  if (type === ErrorType.STREAM_DELETED) {
    return storeError(
      STORE_ERR_CORRUPT,
      `${what}: a stream this store wrote has been deleted (${message}); committed data is missing`,
      { details, cause: error },
    );
  }
  return storeError(STORE_ERR_BACKEND, `${what}: EventStoreDB failed (${message})`, {
    details,
    cause: error,
  });
}
