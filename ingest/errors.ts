import { type ErrorCodeDoc, type ErrorDetails, IndexerError } from '../contracts/errors.ts';

export const INGEST_ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: 'INGEST_ERR_LEDGER_GAP',
    retryable: false,
    description:
      'The next ledger from the source is not the one after the last stored ledger (a missing ledger or a range that skips ahead). The message names the expected and the found sequence; supply the missing ledgers or start the range right after the stored checkpoint.',
  },
  {
    code: 'INGEST_ERR_HASH_MISMATCH',
    retryable: false,
    description:
      "A ledger's previous-ledger hash differs from the hash of the last stored ledger: the source holds a different chain (another network, or a corrupt file). Nothing of that ledger was stored.",
  },
  {
    code: 'INGEST_ERR_DECODE_WORKER',
    retryable: false,
    description:
      'A decode worker thread failed without a typed error of its own (it crashed or ran out of memory). Rerun; the store holds every ledger committed before. If it repeats, run with --decode-workers 0 to decode on the main thread and report the error.',
  },
  {
    code: 'INGEST_ERR_NETWORK_CHANGED',
    retryable: false,
    description:
      'The store already holds ledgers of another network. Use a separate store (--store) per network.',
  },
];

export function ingestError(
  code: 'INGEST_ERR_LEDGER_GAP' | 'INGEST_ERR_HASH_MISMATCH' | 'INGEST_ERR_NETWORK_CHANGED',
  message: string,
  details: ErrorDetails,
): IndexerError {
  return new IndexerError(code, message, { details });
}
