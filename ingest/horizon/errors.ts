import { type ErrorCodeDoc, type ErrorDetails, IndexerError } from '../../contracts/errors.ts';

/**
 * Typed errors of the Horizon SSE source. Transport failures (connection, timeout, stall, 429, 5xx,
 * invalid JSON) use the shared INGEST_ERR_REMOTE_* codes of ingest/remote; these codes are about what
 * Horizon said. Every error names the source, the endpoint, the cursor and the ledger.
 */
export type HorizonErrorCode =
  | 'INGEST_ERR_HORIZON_CONFIG'
  | 'INGEST_ERR_HORIZON_RECORD'
  | 'INGEST_ERR_HORIZON_ORDER'
  | 'INGEST_ERR_HORIZON_STREAM_ERROR'
  | 'INGEST_ERR_HORIZON_WRONG_NETWORK'
  | 'INGEST_ERR_HORIZON_LEDGER_GAP'
  | 'INGEST_ERR_HORIZON_RETENTION'
  | 'INGEST_ERR_STREAM_CURSOR';

const RETRYABLE: ReadonlySet<HorizonErrorCode> = new Set<HorizonErrorCode>([
  'INGEST_ERR_HORIZON_STREAM_ERROR',
]);

export const HORIZON_ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: 'INGEST_ERR_HORIZON_CONFIG',
    retryable: false,
    description:
      'The Horizon stream was asked for something it cannot do: an unknown endpoint (use ledgers, transactions, operations, effects, trades or payments), a --cursor that is neither `now` nor a paging token, or a --cursor beyond the one stored for this stream (it would skip records; a rerun resumes after the stored cursor by itself). The message names the option; fix it, or use another --store.',
  },
  {
    code: 'INGEST_ERR_HORIZON_RECORD',
    retryable: false,
    description:
      'A Horizon record lacks a field the mapping needs, has one of the wrong form (an amount that is not a 7-decimal number, XDR that does not decode), or its paging token disagrees with its own ledger or with the SSE `id`. The message names the endpoint, the paging token, the ledger and the field. Nothing of it was stored; the server or a proxy altered the data: use another Horizon.',
  },
  {
    code: 'INGEST_ERR_HORIZON_ORDER',
    retryable: false,
    description:
      'Horizon sent a record whose paging token is not after the previous one (a duplicate or a step back). Records are kept only in strictly increasing order, so the stream stops instead of storing a duplicate. Rerun to resume from the stored cursor; if it repeats, the server is broken.',
  },
  {
    code: 'INGEST_ERR_HORIZON_STREAM_ERROR',
    retryable: true,
    description:
      'Horizon ended the stream with an SSE `error` event (for example "Rate limit exceeded") on every reconnection attempt. The message gives the server text, the endpoint and the cursor. Everything before the cursor is stored; rerun later to resume.',
  },
  {
    code: 'INGEST_ERR_HORIZON_WRONG_NETWORK',
    retryable: false,
    description:
      "Horizon serves another network than --network: its root names another passphrase, or a transaction's envelope does not hash to its recorded hash under the chosen passphrase. Use the Horizon of the right network, or the right --network.",
  },
  {
    code: 'INGEST_ERR_HORIZON_LEDGER_GAP',
    retryable: false,
    description:
      'On the /ledgers stream a ledger does not follow the last stored one: its sequence is not the next one, or its previous-ledger hash differs from the stored hash. Ledgers would be missing or the server follows another chain; nothing of it was stored.',
  },
  {
    code: 'INGEST_ERR_HORIZON_RETENTION',
    retryable: false,
    description:
      'The stored (or given) cursor is older than the oldest ledger this Horizon keeps (`history_elder_ledger`): resuming would silently skip the ledgers in between. Use a Horizon with full history, backfill the gap with the ledger path (`ingest`) into another store, or start anew with --cursor now in a new --store.',
  },
  {
    code: 'INGEST_ERR_STREAM_CURSOR',
    retryable: false,
    description:
      "The event-store stream that holds a remote source's facts and cursor (Horizon or RPC getEvents) does not end with its StreamCursorCommitted event, or that cursor was stored by another kind of source: something else wrote to the stream. Use another --store, or the --store the stream was started with.",
  },
];

export function horizonError(
  code: HorizonErrorCode,
  message: string,
  details: ErrorDetails,
  cause?: unknown,
): IndexerError {
  return new IndexerError(code, message, { retryable: RETRYABLE.has(code), details, cause });
}
