import { xdr } from '@stellar/stellar-sdk';
import type { ContractEventEmitted } from '../../contracts/events/contract-event-emitted.ts';
import {
  contractEventFact,
  contractIdOf,
  type LocatedEvent,
  locateEvents,
} from '../decode/contract-events.ts';
import { remoteError } from '../remote/errors.ts';
import { rpcEventsError } from './errors.ts';
import type { RpcEvent } from './get-events.ts';
import { factContextOf } from './map-event.ts';
import type { RpcCaller } from './rpc-call.ts';

interface KnownTransaction {
  readonly order: number;
  readonly successful: boolean;
  /** The transaction-level events of its metadata, located as the ledger path locates them. */
  readonly located: readonly LocatedEvent[];
}

function readTransaction(
  caller: RpcCaller,
  hash: string,
  event: RpcEvent,
  result: unknown,
): KnownTransaction | null {
  const r = (result ?? {}) as Record<string, unknown>;
  if (r.status === 'NOT_FOUND') return null;
  const place = { source: caller.source, url: caller.url, cursor: event.id, ledger: event.position.ledger };
  if ((r.status !== 'SUCCESS' && r.status !== 'FAILED') || typeof r.applicationOrder !== 'number') {
    throw remoteError(
      'INGEST_ERR_REMOTE_MALFORMED',
      `getTransaction ${hash} returned no status or applicationOrder`,
      place,
      {
        method: 'getTransaction',
        field: 'applicationOrder',
      },
    );
  }
  let meta: xdr.TransactionMeta;
  try {
    meta = xdr.TransactionMeta.fromXDR(String(r.resultMetaXdr), 'base64');
  } catch (cause) {
    throw remoteError(
      'INGEST_ERR_REMOTE_MALFORMED',
      `getTransaction ${hash} returned a resultMetaXdr that does not decode (${(cause as Error).message})`,
      place,
      { method: 'getTransaction', field: 'resultMetaXdr' },
      cause,
    );
  }
  return {
    order: r.applicationOrder,
    successful: r.status === 'SUCCESS',
    located: locateEvents(meta).filter((l) => l.operationIndex === null),
  };
}

const xdrKey = (contractId: string | null, type: string, topics: readonly string[], value: string): string =>
  JSON.stringify([contractId, type, topics, value]);

function keyOfLocated(l: LocatedEvent): string {
  const e = l.event as unknown as {
    type: { name: string };
    body: { v0: { topics: xdr.ScVal[]; data: xdr.ScVal } };
  };
  return xdrKey(
    contractIdOf(l.event),
    e.type.name,
    e.body.v0.topics.map((t) => t.toXDR('base64')),
    e.body.v0.data.toXDR('base64'),
  );
}

/**
 * Transaction-level events (fee charges and refunds) carry sentinel indexes in getEvents: all fee
 * charges of a ledger are numbered under transaction 0, refunds under transaction 1048575. The ledger
 * path names them by the transaction's application order and their place in its own event list. This
 * resolver reads that from getTransaction (cached per transaction) and matches each getEvents event to
 * the same-stage event with identical XDR in the transaction's metadata; `afterTx` events are matched by
 * their index directly. An event that matches nothing is INGEST_ERR_RPC_EVENTS_TX_LEVEL.
 */
export function createTxLevelResolver(caller: RpcCaller, network: string) {
  const cache = new Map<string, Promise<KnownTransaction | null>>();
  const used = new Map<string, Set<number>>();

  const known = (event: RpcEvent): Promise<KnownTransaction | null> => {
    let entry = cache.get(event.txHash);
    if (entry === undefined) {
      entry = caller.call(
        'getTransaction',
        { hash: event.txHash },
        { cursor: event.id, ledger: event.position.ledger },
        (result) => readTransaction(caller, event.txHash, event, result),
      );
      cache.set(event.txHash, entry);
      entry.catch(() => cache.delete(event.txHash));
      while (cache.size > 2048) cache.delete(cache.keys().next().value as string);
    }
    return entry;
  };

  return async (event: RpcEvent): Promise<ContractEventEmitted> => {
    const tx = await known(event);
    const stage = event.position.stage;
    const fail = (why: string) =>
      rpcEventsError(
        'INGEST_ERR_RPC_EVENTS_TX_LEVEL',
        `transaction-level event ${event.id} of transaction ${event.txHash}: ${why}`,
        {
          source: caller.source,
          cursor: event.id,
          ledger: event.position.ledger,
          txHash: event.txHash,
        },
      );
    if (tx === null) throw fail('getTransaction does not know the transaction');
    const taken = used.get(event.txHash) ?? new Set<number>();
    used.set(event.txHash, taken);
    while (used.size > 4096) used.delete(used.keys().next().value as string);
    const key = xdrKey(event.contractId, event.type, event.topicXdr, event.valueXdr);
    const sameStage = tx.located.map((l, i) => ({ l, i })).filter(({ l }) => l.stage === stage);
    const match =
      stage === 'afterTx'
        ? sameStage[event.position.index]
        : sameStage.find(({ l, i }) => !taken.has(i) && keyOfLocated(l) === key);
    if (match === undefined || keyOfLocated(match.l) !== key) {
      throw fail(`its metadata has no matching ${stage} event`);
    }
    taken.add(match.i);
    return contractEventFact(factContextOf(network, event), event.txHash, tx.order, tx.successful, match.l);
  };
}
