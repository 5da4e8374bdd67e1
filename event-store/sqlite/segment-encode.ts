import type { NewEvent } from '../../contracts/event-store.ts';
import { ledgerStreamName } from '../shared/ledger-commit.ts';
import { validateEvent } from '../shared/serialize-events.ts';
import { serializePayload } from '../shared/serialize-payload.ts';

/**
 * One committed ledger as one row of `ledger_segments`, prepared outside the write transaction:
 * - `payloads`: the payload JSON texts, stored joined by '\n' as UTF-8 bytes (a BLOB, so reading can
 *   decode an all-ASCII segment as latin1, several times faster than UTF-8; see TextJoiner).
 *   JSON.stringify never writes a raw newline; a given `payloadJson` that has one gets it replaced by a
 *   space, which JSON reads the same;
 * - `ids`: a JSON array of the event ids;
 * - `ledgers`: null when every event's `ledger` is the committed ledger (the usual case), else a
 *   JSON array of each event's ledger (or null);
 * - `types` (written inside the transaction, see type-dictionary.ts): one character per event.
 * Event i sits at position first_position + i, revision i, in stream `ledger-<seq>`.
 */
export interface SegmentWrite {
  readonly stream: string;
  readonly ledger: number;
  readonly events: readonly NewEvent[];
  readonly ids: string;
  readonly ledgers: string | null;
  readonly payloads: readonly string[];
}

/**
 * Joins texts with '\n' into UTF-8 bytes in a scratch buffer kept between calls; the returned view is
 * valid until the next call (SQLite copies a bound value, so bind it and run the statement at once).
 * Writing into one reused buffer, instead of joining a string that the binding then converts, about
 * halves the cost, and allocates no large buffer per ledger.
 */
export type TextJoiner = (texts: readonly string[]) => Buffer;

/** Scratch buffers above this size are not kept for the next call. */
const KEEP_SCRATCH_BYTES = 32 * 1024 * 1024;

export function createTextJoiner(): TextJoiner {
  let scratch = Buffer.alloc(0);
  return (texts) => {
    // A UTF-16 code unit never takes more than 3 bytes of UTF-8.
    let bound = texts.length;
    for (const text of texts) bound += text.length * 3;
    let buffer = scratch;
    if (buffer.length < bound) {
      buffer = Buffer.allocUnsafeSlow(bound);
      if (bound <= KEEP_SCRATCH_BYTES) scratch = buffer;
    }
    let end = 0;
    for (let i = 0; i < texts.length; i++) {
      if (i > 0) buffer[end++] = 0x0a;
      end += buffer.write(texts[i] as string, end);
    }
    return buffer.subarray(0, end);
  };
}

/** Validates and serializes a ledger's events (STORE_ERR_INVALID_ARGUMENT / STORE_ERR_PAYLOAD). */
export function encodeSegment(ledger: number, events: readonly NewEvent[]): SegmentWrite {
  const stream = ledgerStreamName(ledger);
  const count = events.length;
  const payloads = new Array<string>(count);
  const ids = new Array<string>(count);
  let sameLedger = true;
  for (let i = 0; i < count; i++) {
    const event = events[i] as NewEvent;
    validateEvent(event, stream, i);
    const json = serializePayload(event, stream);
    payloads[i] =
      typeof event.payloadJson === 'string' && json.indexOf('\n') !== -1 ? json.replaceAll('\n', ' ') : json;
    ids[i] = event.id;
    if (event.ledger !== ledger) sameLedger = false;
  }
  return {
    stream,
    ledger,
    events,
    ids: JSON.stringify(ids),
    ledgers: sameLedger ? null : JSON.stringify(events.map((e) => e.ledger ?? null)),
    payloads,
  };
}
