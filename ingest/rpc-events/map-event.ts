import type { xdr } from '@stellar/stellar-sdk';
import {
  CONTRACT_EVENT_EMITTED,
  CONTRACT_EVENT_EMITTED_VERSION,
  type ContractEventEmitted,
} from '../../contracts/events/contract-event-emitted.ts';
import type { TokenTransferred } from '../../contracts/events/token-transferred.ts';
import { eventId } from '../../contracts/ids.ts';
import { type FactContext, makeFact } from '../decode/fact-context.ts';
import { scValToJson } from '../decode/scval-to-json.ts';
import { tokenTransferOf } from '../decode/token-transfers.ts';
import type { RpcEvent } from './get-events.ts';

export const factContextOf = (network: string, event: RpcEvent): FactContext => ({
  network,
  ledger: event.position.ledger,
  closeTime: new Date(Date.parse(event.ledgerClosedAt)).toISOString(),
});

/**
 * An operation's event from getEvents → the ContractEventEmitted the ledger path stores for it.
 * getEvents numbers operations from 0 inside its TOID; the ledger path's id numbers them from 1, as
 * Horizon's operation TOIDs do, so the id is rebuilt from the coordinates, not copied.
 */
export function operationEventFact(network: string, event: RpcEvent): ContractEventEmitted {
  const { ledger, tx, op, index } = event.position;
  return makeFact(
    factContextOf(network, event),
    CONTRACT_EVENT_EMITTED,
    CONTRACT_EVENT_EMITTED_VERSION,
    eventId(ledger, tx, op + 1, index),
    event.txHash,
    {
      contractId: event.contractId,
      eventType: event.type,
      operationIndex: op,
      index,
      stage: null,
      inSuccessfulContractCall: event.inSuccessfulContractCall,
      topics: event.topics.map((t: xdr.ScVal) => scValToJson(t)),
      data: scValToJson(event.value),
    },
  );
}

/** A contract event fact and, when it is a transfer-like event, its TokenTransferred (same id). */
export function withTransfer(
  network: string,
  fact: ContractEventEmitted,
): [ContractEventEmitted] | [ContractEventEmitted, TokenTransferred] {
  const transfer = tokenTransferOf({ network, ledger: fact.ledger, closeTime: fact.closeTime }, fact);
  return transfer === null ? [fact] : [fact, transfer];
}
