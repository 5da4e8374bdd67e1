import type { LedgerSource, LedgerSourceReadOptions, RawLedger } from '../../contracts/ledger-source.ts';
import { sourceError, throwIfAborted } from './errors.ts';

export interface CheckedRange {
  readonly from: number | undefined;
  readonly to: number | undefined;
}

const MAX_U32 = 0xffffffff;

/** Validates from/to: whole ledger numbers, from <= to. */
export function checkRange(options: LedgerSourceReadOptions, description: string): CheckedRange {
  const { from, to } = options;
  for (const [name, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0 || value > MAX_U32)) {
      throw sourceError(
        'INGEST_ERR_SOURCE_RANGE',
        `Invalid ledger range for ${description}: ${name} must be a ledger sequence (a whole number from 0 to ${MAX_U32}), got ${value}.`,
        { source: description, field: name },
      );
    }
  }
  if (from !== undefined && to !== undefined && from > to) {
    throw sourceError(
      'INGEST_ERR_SOURCE_RANGE',
      `Invalid ledger range for ${description}: from ${from} is after to ${to}. Swap them.`,
      { source: description, from, to },
    );
  }
  return { from, to };
}

export interface SourceShellOptions {
  readonly description: string;
  readonly read: (range: CheckedRange, signal: AbortSignal) => AsyncIterable<RawLedger>;
}

/**
 * Wraps a reading function into a LedgerSource: checks the range, merges the caller's signal with
 * the source's own, and makes close() stop every read still running.
 */
export function createSourceShell(options: SourceShellOptions): LedgerSource {
  const { description } = options;
  const closing = new AbortController();
  return {
    description,
    read(readOptions: LedgerSourceReadOptions): AsyncIterable<RawLedger> {
      return {
        [Symbol.asyncIterator]() {
          const signal =
            readOptions.signal === undefined
              ? closing.signal
              : AbortSignal.any([closing.signal, readOptions.signal]);
          const run = async function* (): AsyncGenerator<RawLedger, void, undefined> {
            throwIfAborted(signal, description);
            const range = checkRange(readOptions, description);
            yield* options.read(range, signal);
          };
          return run();
        },
      };
    },
    async close(): Promise<void> {
      closing.abort(
        sourceError('INGEST_ERR_SOURCE_ABORTED', `${description} was closed.`, { source: description }),
      );
    },
  };
}
