import { xdr } from '@stellar/stellar-sdk';
import { hasErrorCode } from '../../contracts/errors.ts';
import { remoteError } from '../remote/errors.ts';
import { parseRpcEventId, type RpcEventPosition } from './event-id.ts';
import type { RpcEventFilter } from './filters.ts';
import type { RpcCaller } from './rpc-call.ts';

/** One getEvents event, checked and with its topics and value decoded. */
export interface RpcEvent {
  readonly id: string;
  readonly position: RpcEventPosition;
  readonly type: 'contract' | 'system' | 'diagnostic';
  readonly ledgerClosedAt: string;
  readonly contractId: string | null;
  readonly txHash: string;
  readonly inSuccessfulContractCall: boolean;
  /** Base64 XDR as sent (to match transaction-level events against the transaction's metadata). */
  readonly topicXdr: readonly string[];
  readonly valueXdr: string;
  readonly topics: readonly xdr.ScVal[];
  readonly value: xdr.ScVal;
}

export interface EventsPage {
  readonly events: readonly RpcEvent[];
  readonly cursor: string;
  readonly latestLedger: number;
  readonly oldestLedger: number | null;
}

export type EventsRequest =
  | { readonly startLedger: number; readonly cursor?: undefined }
  | { readonly cursor: string; readonly startLedger?: undefined };

/** The ledger range an RPC names when it refuses a start outside it. */
export interface RangeRefusal {
  readonly first: number;
  readonly last: number;
}

const RANGE = /ledger range:?\s*(\d+)\s*-\s*(\d+)/i;

/** `startLedger must be within the ledger range: A - B` → {A, B}; null for any other error. */
export function rangeRefusalOf(error: unknown): RangeRefusal | null {
  if (!hasErrorCode(error, 'INGEST_ERR_REMOTE_RPC')) return null;
  const m = RANGE.exec(String(error.details.rpcMessage ?? ''));
  return m === null ? null : { first: Number(m[1]), last: Number(m[2]) };
}

function malformed(
  caller: RpcCaller,
  why: string,
  place: { cursor?: string; ledger?: number },
  field: string,
) {
  return remoteError(
    'INGEST_ERR_REMOTE_MALFORMED',
    `getEvents at ${caller.url} returned a malformed result: ${why}`,
    { source: caller.source, url: caller.url, cursor: place.cursor, ledger: place.ledger },
    { method: 'getEvents', field },
  );
}

function decodeScVal(caller: RpcCaller, text: unknown, id: string, ledger: number, field: string): xdr.ScVal {
  if (typeof text !== 'string')
    throw malformed(caller, `event ${id} has no ${field}`, { cursor: id, ledger }, field);
  try {
    return xdr.ScVal.fromXDR(text, 'base64');
  } catch (cause) {
    const error = malformed(
      caller,
      `event ${id} ${field} is not a base64 ScVal (${(cause as Error).message})`,
      { cursor: id, ledger },
      field,
    );
    throw Object.assign(error, { cause });
  }
}

function readEvent(caller: RpcCaller, raw: unknown, i: number, cursor: string | undefined): RpcEvent {
  const e = (raw ?? {}) as Record<string, unknown>;
  const id = typeof e.id === 'string' ? e.id : '';
  const position = parseRpcEventId(id);
  if (position === null)
    throw malformed(
      caller,
      `events[${i}].id ${JSON.stringify(e.id)} is not TOID-index`,
      { cursor },
      `events[${i}].id`,
    );
  const where = { cursor: id, ledger: position.ledger };
  const type = e.type;
  if (type !== 'contract' && type !== 'system' && type !== 'diagnostic') {
    throw malformed(caller, `event ${id} has type ${JSON.stringify(type)}`, where, 'type');
  }
  if (e.ledger !== position.ledger) {
    throw malformed(
      caller,
      `event ${id} says ledger ${JSON.stringify(e.ledger)} but its id is in ledger ${position.ledger}`,
      where,
      'ledger',
    );
  }
  for (const [field, expected] of [
    ['transactionIndex', position.tx],
    ['operationIndex', position.op],
  ] as const) {
    if (e[field] !== undefined && e[field] !== expected) {
      throw malformed(
        caller,
        `event ${id} says ${field} ${JSON.stringify(e[field])} but its id says ${expected}`,
        where,
        field,
      );
    }
  }
  const txHash = e.txHash ?? e.transactionHash;
  if (typeof txHash !== 'string' || !/^[0-9a-f]{64}$/.test(txHash)) {
    throw malformed(caller, `event ${id} has no txHash`, where, 'txHash');
  }
  if (typeof e.ledgerClosedAt !== 'string' || Number.isNaN(Date.parse(e.ledgerClosedAt))) {
    throw malformed(caller, `event ${id} has no valid ledgerClosedAt`, where, 'ledgerClosedAt');
  }
  if (typeof e.inSuccessfulContractCall !== 'boolean') {
    throw malformed(caller, `event ${id} has no inSuccessfulContractCall`, where, 'inSuccessfulContractCall');
  }
  // The RPC omits `topic` for an event without topics.
  if (e.topic !== undefined && !Array.isArray(e.topic)) {
    throw malformed(caller, `event ${id} has a topic that is not a list`, where, 'topic');
  }
  const topicXdr = (e.topic ?? []) as unknown[];
  const contractId = typeof e.contractId === 'string' && e.contractId !== '' ? e.contractId : null;
  return {
    id,
    position,
    type,
    ledgerClosedAt: e.ledgerClosedAt,
    contractId,
    txHash,
    inSuccessfulContractCall: e.inSuccessfulContractCall,
    topicXdr: topicXdr as string[],
    valueXdr: e.value as string,
    topics: topicXdr.map((t, k) => decodeScVal(caller, t, id, position.ledger, `topic[${k}]`)),
    value: decodeScVal(caller, e.value, id, position.ledger, 'value'),
  };
}

/**
 * One getEvents call: from `startLedger` or after `cursor`, with the planned filters. The result is
 * checked (ids, ledgers, indexes, txHash, base64 ScVals) inside the client's retry loop, so a damaged
 * response is fetched again and, if it stays damaged, stops as INGEST_ERR_REMOTE_MALFORMED naming the
 * cursor and ledger.
 */
export function getEvents(
  caller: RpcCaller,
  filters: readonly RpcEventFilter[],
  request: EventsRequest,
  limit: number,
  ledger: number | undefined,
): Promise<EventsPage> {
  const params =
    request.cursor === undefined
      ? { startLedger: request.startLedger, filters, pagination: { limit } }
      : { filters, pagination: { cursor: request.cursor, limit } };
  const where = { cursor: request.cursor ?? request.startLedger, ledger };
  return caller.call('getEvents', params, where, (result) => {
    const r = result as {
      events?: unknown;
      cursor?: unknown;
      latestLedger?: unknown;
      oldestLedger?: unknown;
    } | null;
    if (r === null || typeof r !== 'object' || !Array.isArray(r.events)) {
      throw malformed(caller, 'no events list', { cursor: request.cursor, ledger }, 'events');
    }
    if (typeof r.cursor !== 'string' || parseRpcEventId(r.cursor) === null) {
      throw malformed(
        caller,
        `cursor ${JSON.stringify(r.cursor)} is not TOID-index`,
        { cursor: request.cursor, ledger },
        'cursor',
      );
    }
    if (typeof r.latestLedger !== 'number') {
      throw malformed(caller, 'no latestLedger', { cursor: request.cursor, ledger }, 'latestLedger');
    }
    return {
      events: r.events.map((e, i) => readEvent(caller, e, i, request.cursor)),
      cursor: r.cursor,
      latestLedger: r.latestLedger,
      oldestLedger: typeof r.oldestLedger === 'number' ? r.oldestLedger : null,
    };
  });
}

/** getLatestLedger's sequence. */
export function getLatestLedger(caller: RpcCaller): Promise<number> {
  return caller.call('getLatestLedger', {}, {}, (result) => {
    const sequence = (result as { sequence?: unknown } | null)?.sequence;
    if (typeof sequence !== 'number') {
      throw remoteError(
        'INGEST_ERR_REMOTE_MALFORMED',
        `getLatestLedger at ${caller.url} returned no sequence`,
        { source: caller.source, url: caller.url },
        { method: 'getLatestLedger', field: 'sequence' },
      );
    }
    return sequence;
  });
}
