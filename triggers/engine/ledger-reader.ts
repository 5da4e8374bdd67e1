import type { EventStore, StoredEvent } from '../../contracts/event-store.ts';
import { LEDGER_CLOSED, type LedgerClosed } from '../../contracts/events/ledger-closed.ts';
import { TRIGGER_FIRED } from '../../contracts/events/trigger-fired.ts';
import { ledgerStreamName } from '../../event-store/shared/ledger-commit.ts';

/** One committed ledger as the engine evaluates it. */
export interface LedgerView {
  readonly ledger: number;
  readonly closeTime: string;
  readonly network: string;
  /** Store position of its LedgerClosed. */
  readonly position: bigint;
  /** Every event of the ledger is at or below this position (an upper bound, for projection waits). */
  readonly lastPosition: bigint;
  /** Its events of the wanted types, in store order. */
  readonly events: readonly StoredEvent[];
}

/** The ledger sequence of a stored LedgerClosed, or undefined for anything else. */
export function ledgerOfClosed(event: StoredEvent): number | undefined {
  if (event.type !== LEDGER_CLOSED) return undefined;
  const sequence = (event.payload as Partial<LedgerClosed>).data?.sequence;
  return typeof sequence === 'number' ? sequence : (event.ledger ?? undefined);
}

/**
 * A ledger's events of `types`, read after its LedgerClosed. A ledger is committed all at once, at
 * consecutive positions, with LedgerClosed first: once it is visible, so is the rest. The read stops
 * at the first event after the commit it can see (the next LedgerClosed, a TriggerFired appended
 * after it, an event of a later ledger); the position before that one bounds the ledger's events.
 */
export async function readLedger(
  store: EventStore,
  closed: StoredEvent,
  types: readonly string[],
  signal?: AbortSignal,
): Promise<LedgerView> {
  const payload = closed.payload as LedgerClosed;
  const ledger = ledgerOfClosed(closed) as number;
  const head = (await store.readLastEvent())?.position ?? closed.position;
  const wanted = new Set(types);
  const events: StoredEvent[] = wanted.has(LEDGER_CLOSED) ? [closed] : [];
  let lastPosition = head;
  for await (const event of store.readAll({
    after: closed.position,
    types: [...wanted, LEDGER_CLOSED, TRIGGER_FIRED],
    ...(signal === undefined ? {} : { signal }),
  })) {
    if (
      event.type === LEDGER_CLOSED ||
      event.type === TRIGGER_FIRED ||
      (event.ledger !== null && event.ledger > ledger)
    ) {
      if (event.position - 1n < lastPosition) lastPosition = event.position - 1n;
      break;
    }
    if (event.ledger === ledger && wanted.has(event.type)) events.push(event);
  }
  return {
    ledger,
    closeTime: payload.closeTime ?? payload.data.closeTime,
    network: payload.network,
    position: closed.position,
    lastPosition,
    events,
  };
}

/**
 * Where to start reading LedgerClosed events to reach ledger `from`: just before its LedgerClosed
 * when the store has that ledger's stream, else 0 (the reader then skips the ledgers before it).
 */
export async function positionBefore(store: EventStore, from: number): Promise<bigint> {
  try {
    for await (const event of store.readStream(ledgerStreamName(from))) {
      return event.type === LEDGER_CLOSED ? event.position - 1n : 0n;
    }
  } catch {
    // No such stream on this backend: fall back to a scan from the start.
  }
  return 0n;
}
