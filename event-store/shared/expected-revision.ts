import type { ExpectedRevision } from '../../contracts/event-store.ts';
import { STORE_ERR_CONFLICT, STORE_ERR_INVALID_ARGUMENT, storeError } from '../errors.ts';

/** `no_stream`, `any`, or the revision number, for messages and error details. */
export function describeRevision(revision: ExpectedRevision | null): string {
  if (revision === null) return 'no_stream';
  return typeof revision === 'bigint' ? revision.toString() : revision;
}

/** Rejects an ExpectedRevision that no stream can ever match (a negative number, an unknown word). */
export function validateExpectedRevision(stream: string, expected: ExpectedRevision): void {
  const ok =
    expected === 'any' || expected === 'no_stream' || (typeof expected === 'bigint' && expected >= 0n);
  if (!ok) {
    throw storeError(
      STORE_ERR_INVALID_ARGUMENT,
      `Expected revision ${String(expected)} for stream ${stream} is not 'any', 'no_stream' or a bigint >= 0`,
      { details: { stream, expected: String(expected) } },
    );
  }
}

/**
 * Compares the stream's last revision (null when it has no events) with what the writer expected;
 * a mismatch is STORE_ERR_CONFLICT naming both.
 */
export function checkExpectedRevision(
  stream: string,
  expected: ExpectedRevision,
  actual: bigint | null,
): void {
  if (expected === 'any') return;
  if (expected === 'no_stream' ? actual === null : actual === expected) return;
  throw storeError(
    STORE_ERR_CONFLICT,
    `Stream ${stream} is at revision ${describeRevision(actual)} but the append expected ${describeRevision(expected)}; re-read the stream and decide again`,
    { details: { stream, expected: describeRevision(expected), actual: describeRevision(actual) } },
  );
}

export function validateStreamName(stream: string): void {
  if (typeof stream !== 'string' || stream.length === 0) {
    throw storeError(
      STORE_ERR_INVALID_ARGUMENT,
      `Stream name must be a non-empty string, got ${String(stream)}`,
      {
        details: { stream: String(stream) },
      },
    );
  }
}
