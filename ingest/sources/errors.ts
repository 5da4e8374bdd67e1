import { type ErrorCodeDoc, type ErrorDetails, IndexerError } from '../../contracts/errors.ts';

export type SourceErrorCode =
  | 'INGEST_ERR_SOURCE_NOT_FOUND'
  | 'INGEST_ERR_SOURCE_FORMAT'
  | 'INGEST_ERR_SOURCE_GAP'
  | 'INGEST_ERR_SOURCE_RANGE'
  | 'INGEST_ERR_SOURCE_CONFIG'
  | 'INGEST_ERR_SOURCE_ORDER'
  | 'INGEST_ERR_SOURCE_ABORTED';

export const SOURCE_ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: 'INGEST_ERR_SOURCE_NOT_FOUND',
    retryable: false,
    description:
      'The path given as a ledger source does not exist or cannot be opened. Check the path (a data-lake folder, a folder of ledger files, or one ledger file) and its permissions.',
  },
  {
    code: 'INGEST_ERR_SOURCE_FORMAT',
    retryable: false,
    description:
      'A ledger file is not in a known framing, or its framing is broken: truncated or corrupt zstd/gzip, a record mark or batch header pointing past the end, a bad base64 line, or a LedgerCloseMeta header that is cut short or has an unknown version. The message names the file and the byte offset or line number. Re-download or regenerate that file.',
  },
  {
    code: 'INGEST_ERR_SOURCE_GAP',
    retryable: false,
    description:
      'A data lake has no object for a ledger inside the requested range (a deleted or never-written object). The message names the missing ledger, the object expected and the lake folder. Copy the missing object into the lake, or read a range that stops before it.',
  },
  {
    code: 'INGEST_ERR_SOURCE_RANGE',
    retryable: false,
    description:
      'The requested from/to range is not covered by the ledgers the source holds (or is not a valid range). The message says which ledgers are available; ask for a range inside them, or add the missing files.',
  },
  {
    code: 'INGEST_ERR_SOURCE_CONFIG',
    retryable: false,
    description:
      "A data lake's .config.json is unreadable or invalid (not JSON, a missing or non-positive ledgersPerBatch/batchesPerPartition, an unsupported compression). The message lists every problem; fix the manifest or remove it to fall back to listing the lake.",
  },
  {
    code: 'INGEST_ERR_SOURCE_ORDER',
    retryable: false,
    description:
      'Two ledger files hold the same ledger, or a file holds ledgers out of ascending order. The message names both places; remove the duplicate file (for example the same ledger as .xdr.gz and as a lake object).',
  },
  {
    code: 'INGEST_ERR_SOURCE_ABORTED',
    retryable: true,
    description:
      'Reading ledgers stopped because the AbortSignal fired or the source was closed. Nothing is wrong with the data; read again to continue.',
  },
];

export function sourceError(
  code: SourceErrorCode,
  message: string,
  details: ErrorDetails,
  cause?: unknown,
): IndexerError {
  return new IndexerError(code, message, {
    details,
    cause,
    retryable: code === 'INGEST_ERR_SOURCE_ABORTED',
  });
}

/** Throws INGEST_ERR_SOURCE_ABORTED when the signal has fired; `where` names what was being read. */
export function throwIfAborted(signal: AbortSignal | undefined, where: string): void {
  if (signal?.aborted) {
    throw sourceError(
      'INGEST_ERR_SOURCE_ABORTED',
      `Reading ${where} was aborted; read again to continue.`,
      { source: where },
      signal.reason,
    );
  }
}
