import type { StoredEvent } from '../../contracts/event-store.ts';

/** Live stored events travel on `stellar.events.<type>`; subscribe to `stellar.events.>` for all. */
export const EVENT_SUBJECT_PREFIX = 'stellar.events';
export const eventSubject = (type: string): string => `${EVENT_SUBJECT_PREFIX}.${type}`;

/** Headers every event message carries, so a receiver can order them and notice a gap. */
export const POSITION_HEADER = 'Stellar-Position';
export const PREVIOUS_POSITION_HEADER = 'Stellar-Prev-Position';
/** Set to `1` when the payload was too large to send: the receiver reads the event from the store. */
export const OMITTED_HEADER = 'Stellar-Payload-Omitted';

/** NATS refuses messages over max_payload (1 MiB by default); bigger events are sent without payload. */
export const MAX_INLINE_BYTES = 900 * 1024;

interface WireEvent {
  readonly p: string;
  readonly s: string;
  readonly r: string;
  readonly t: string;
  readonly i: string;
  readonly l: number | null;
  readonly d?: unknown;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface EncodedEvent {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly headers: { readonly [name: string]: string };
}

export function encodeEventMessage(event: StoredEvent, previous: bigint): EncodedEvent {
  const base: WireEvent = {
    p: event.position.toString(),
    s: event.stream,
    r: event.revision.toString(),
    t: event.type,
    i: event.id,
    l: event.ledger,
  };
  let data = encoder.encode(JSON.stringify({ ...base, d: event.payload }));
  const headers: Record<string, string> = {
    [POSITION_HEADER]: base.p,
    [PREVIOUS_POSITION_HEADER]: previous.toString(),
  };
  if (data.byteLength > MAX_INLINE_BYTES) {
    data = encoder.encode(JSON.stringify(base));
    headers[OMITTED_HEADER] = '1';
  }
  return { subject: eventSubject(event.type), data, headers };
}

export interface DecodedEventMessage {
  readonly position: bigint;
  readonly previous: bigint;
  /** Null when the payload was omitted (too large): read the event from the store. */
  readonly event: StoredEvent | null;
}

/** Null for a message that is not an event message (wrong headers or body): it is ignored. */
export function decodeEventMessage(message: {
  readonly data: Uint8Array;
  readonly headers: { readonly [name: string]: string };
}): DecodedEventMessage | null {
  const position = parsePosition(message.headers[POSITION_HEADER]);
  const previous = parsePosition(message.headers[PREVIOUS_POSITION_HEADER]);
  if (position === null || previous === null || previous >= position) return null;
  if (message.headers[OMITTED_HEADER] === '1') return { position, previous, event: null };
  let wire: WireEvent;
  try {
    wire = JSON.parse(decoder.decode(message.data)) as WireEvent;
  } catch {
    return null;
  }
  if (wire.p !== position.toString() || typeof wire.t !== 'string' || typeof wire.i !== 'string') return null;
  return {
    position,
    previous,
    event: {
      position,
      stream: wire.s,
      revision: BigInt(wire.r),
      type: wire.t,
      id: wire.i,
      ledger: wire.l,
      payload: wire.d,
    },
  };
}

function parsePosition(value: string | undefined): bigint | null {
  return value !== undefined && /^\d{1,20}$/.test(value) ? BigInt(value) : null;
}
