import type { xdr } from '@stellar/stellar-sdk';
import {
  CONTRACT_EVENT_EMITTED,
  CONTRACT_EVENT_EMITTED_VERSION,
  type ContractEventEmitted,
} from '../../contracts/events/contract-event-emitted.ts';
import { eventId } from '../../contracts/ids.ts';
import { bytesOf } from './bytes.ts';
import { type FactContext, makeFact } from './fact-context.ts';
import { contractStrkey } from './fast/strkey-memo.ts';
import { scValToJson } from './scval-to-json.ts';

type AnyUnion = { type: string; [arm: string]: unknown };

/** A contract event together with where the transaction emitted it. */
export interface LocatedEvent {
  readonly event: xdr.ContractEvent;
  /** 0-based operation index, or null for transaction-level events (fees). */
  readonly operationIndex: number | null;
  readonly index: number;
  readonly stage: string | null;
}

const STAGE_PREFIX = 'transactionEventStage';

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/**
 * Every contract and system event of one transaction's meta, located: TransactionMeta v4 keeps them
 * per operation plus a transaction-level list (fees); v3 keeps the one Soroban operation's events in
 * `sorobanMeta`; older metas have none. Diagnostic events are debugging output, not facts: skipped.
 */
export function locateEvents(meta: xdr.TransactionMeta): LocatedEvent[] {
  const m = meta as unknown as AnyUnion;
  const out: LocatedEvent[] = [];
  if (m.type === 'v4') {
    const v4 = m.v4 as {
      operations: { events: xdr.ContractEvent[] }[];
      events: { stage: { name: string }; event: xdr.ContractEvent }[];
    };
    v4.events.forEach((te, index) => {
      const stage = te.stage.name.startsWith(STAGE_PREFIX)
        ? lowerFirst(te.stage.name.slice(STAGE_PREFIX.length))
        : te.stage.name;
      out.push({ event: te.event, operationIndex: null, index, stage });
    });
    v4.operations.forEach((op, opIndex) => {
      op.events.forEach((event, index) => {
        out.push({ event, operationIndex: opIndex, index, stage: null });
      });
    });
  } else if (m.type === 'v3') {
    const soroban = (m.v3 as { sorobanMeta: { events: xdr.ContractEvent[] } | null }).sorobanMeta;
    soroban?.events.forEach((event, index) => {
      out.push({ event, operationIndex: 0, index, stage: null });
    });
  }
  return out;
}

export function contractIdOf(event: xdr.ContractEvent): string | null {
  const id = (event as unknown as { contractId: unknown }).contractId;
  return id === null || id === undefined ? null : contractStrkey(bytesOf(id));
}

export function contractEventFact(
  ctx: FactContext,
  txHash: string,
  txOrder: number,
  successful: boolean,
  located: LocatedEvent,
): ContractEventEmitted {
  const e = located.event as unknown as { type: { name: string }; body: AnyUnion };
  const body = e.body.v0 as { topics: xdr.ScVal[]; data: xdr.ScVal };
  const opCoordinate = located.operationIndex === null ? 0 : located.operationIndex + 1;
  return makeFact(
    ctx,
    CONTRACT_EVENT_EMITTED,
    CONTRACT_EVENT_EMITTED_VERSION,
    eventId(ctx.ledger, txOrder, opCoordinate, located.index),
    txHash,
    {
      contractId: contractIdOf(located.event),
      eventType: e.type.name as 'contract' | 'system' | 'diagnostic',
      operationIndex: located.operationIndex,
      index: located.index,
      stage: located.stage,
      inSuccessfulContractCall: successful,
      topics: body.topics.map(scValToJson),
      data: scValToJson(body.data),
    },
  );
}
