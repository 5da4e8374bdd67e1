import type { NewEvent } from '../contracts/event-store.ts';
import type { LedgerEvents } from '../ingest/ledger-events.ts';

/**
 * Copies of real ledgers moved `delta` ledgers later, so a benchmark can replay far more distinct
 * events than the fixtures hold. Every TOID-based id moves by `delta << 32` (keeping its zero padding
 * and any `-index` suffix), so ids stay unique per type; ledger numbers, sequences and close times
 * move with them. Hashes are prefixed so the copies form their own chain.
 */
export function shiftLedgers(ledgers: readonly LedgerEvents[], delta: number, copy: number): LedgerEvents[] {
  if (delta === 0) return [...ledgers];
  const seconds = delta * 6;
  return ledgers.map((l) => ({
    ...l,
    sequence: l.sequence + delta,
    hash: `${copy}:${l.hash}`,
    previousHash: `${copy}:${l.previousHash}`,
    events: l.events.map((e) => shiftEvent(e, delta, seconds)),
  }));
}

function shiftEvent(event: NewEvent, delta: number, seconds: number): NewEvent {
  const payload = event.payload as {
    id: string;
    ledger: number;
    closeTime: string;
    data: Record<string, unknown>;
  };
  const data = { ...payload.data };
  if (typeof data.sequence === 'number') data.sequence += delta;
  if (typeof data.closeTime === 'string') data.closeTime = shiftTime(data.closeTime, seconds);
  if (typeof data.eventId === 'string') data.eventId = shiftId(data.eventId, delta);
  return {
    type: event.type,
    id: shiftId(event.id, delta),
    ledger: event.ledger === undefined ? undefined : event.ledger + delta,
    payload: {
      ...payload,
      id: shiftId(payload.id, delta),
      ledger: payload.ledger + delta,
      closeTime: shiftTime(payload.closeTime, seconds),
      data,
    },
  };
}

/** `12345…` or `00012345…-0000000003`: the leading TOID moves by delta ledgers. */
export function shiftId(id: string, delta: number): string {
  const match = /^(\d+)(.*)$/.exec(id);
  if (match === null) return `${id}+${delta}`;
  const digits = match[1] as string;
  const shifted = (BigInt(digits) + (BigInt(delta) << 32n)).toString();
  return `${shifted.padStart(digits.length, '0')}${match[2]}`;
}

const shiftTime = (iso: string, seconds: number): string =>
  new Date(Date.parse(iso) + seconds * 1000).toISOString();
