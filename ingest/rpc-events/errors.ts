import { type ErrorCodeDoc, type ErrorDetails, IndexerError } from '../../contracts/errors.ts';

/**
 * Typed errors of the Stellar RPC getEvents source. Transport failures (connection, timeout, 429, 5xx,
 * invalid JSON, malformed results) use the shared INGEST_ERR_REMOTE_* codes of ingest/remote.
 */
export type RpcEventsErrorCode =
  | 'INGEST_ERR_RPC_EVENTS_FILTER'
  | 'INGEST_ERR_RPC_EVENTS_FILTER_CHANGED'
  | 'INGEST_ERR_RPC_EVENTS_RETENTION'
  | 'INGEST_ERR_RPC_EVENTS_EVENT'
  | 'INGEST_ERR_RPC_EVENTS_ORDER'
  | 'INGEST_ERR_RPC_EVENTS_TX_LEVEL';

export const RPC_EVENTS_ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: 'INGEST_ERR_RPC_EVENTS_FILTER',
    retryable: false,
    description:
      'The contract ids or topic filters cannot be sent to getEvents: a contract id that is not a C… strkey, a topic segment that is neither `*`, `**` (last only), `sym:NAME`, `str:TEXT`, `addr:G…|C…` nor a base64 ScVal, more than 4 segments, more than 5 topic filters, or more contracts than one request can name (5 filters of 5 contracts = 25). The message names the value; split large sets into separate streams.',
  },
  {
    code: 'INGEST_ERR_RPC_EVENTS_FILTER_CHANGED',
    retryable: false,
    description:
      'The store already follows getEvents with other contract ids or topics. Changing the filters of a stored stream would leave a gap for the new contracts; start the new filter set in another --store (or delete the old one).',
  },
  {
    code: 'INGEST_ERR_RPC_EVENTS_RETENTION',
    retryable: false,
    description:
      "The cursor (or --from ledger) is older than the oldest ledger the RPC server keeps (Stellar RPC keeps about 7 days). Events in between are gone from this server: backfill them with the ledger path (`ingest` from a data lake) into another store, or restart from the server's oldest ledger in a new --store.",
  },
  {
    code: 'INGEST_ERR_RPC_EVENTS_EVENT',
    retryable: false,
    description:
      'A getEvents event is inconsistent: its id does not parse as `TOID-index`, its ledger or indexes disagree with its id, or its topic or value is not a base64 ScVal. The message names the event id, cursor and ledger; nothing of that page was stored. The server is broken: use another RPC.',
  },
  {
    code: 'INGEST_ERR_RPC_EVENTS_ORDER',
    retryable: false,
    description:
      'getEvents returned an event that is not after the cursor (a duplicate or a step back). The stream stops instead of storing it twice; rerun to resume from the stored cursor, and report the server if it repeats.',
  },
  {
    code: 'INGEST_ERR_RPC_EVENTS_TX_LEVEL',
    retryable: false,
    description:
      "A transaction-level event (a fee charge or refund) could not be matched to its transaction: getTransaction does not know the transaction, or its metadata has no such event. Such events carry sentinel indexes in getEvents, so the transaction's own metadata is needed to give them the ledger path's id. The message names the transaction and the event id.",
  },
];

export function rpcEventsError(
  code: RpcEventsErrorCode,
  message: string,
  details: ErrorDetails,
  cause?: unknown,
): IndexerError {
  return new IndexerError(code, message, { retryable: false, details, cause });
}
