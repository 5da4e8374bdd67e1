import { isAscii } from 'node:buffer';
import type { StoredEvent } from '../../contracts/event-store.ts';
import { STORE_ERR_CORRUPT, storeError } from '../errors.ts';
import { ledgerStreamName } from '../shared/ledger-commit.ts';
import type { SegmentBody, SegmentHead, Statements } from './statements.ts';
import type { TypeDictionary } from './type-dictionary.ts';

/** A ledger segment split into its events' parts; payloads stay JSON text until an event is read. */
export interface Segment {
  readonly first: number;
  readonly last: number;
  readonly ledger: number;
  readonly count: number;
  readonly stream: string;
  /** One character per event (see type-dictionary.ts). */
  readonly types: string;
  readonly ids: readonly string[];
  /** Null when every event belongs to `ledger`. */
  readonly ledgers: readonly (number | null)[] | null;
  readonly payloads: readonly string[];
}

export function decodeSegment(head: SegmentHead, body: SegmentBody, path: string): Segment {
  const where = `segment of ledger ${head.ledger}`;
  const ids = parseJson(body.ids, `ids of ${where}`, head, path);
  const ledgers = body.ledgers === null ? null : parseJson(body.ledgers, `ledgers of ${where}`, head, path);
  if (!Buffer.isBuffer(body.payloads)) {
    throw corrupt(`The payloads of the ${where} in ${path} are not a BLOB; inspect the row`, head, path);
  }
  const payloads = splitPayloads(body.payloads);
  const count = head.count;
  const shapeOk =
    Array.isArray(ids) &&
    ids.length === count &&
    (ledgers === null || (Array.isArray(ledgers) && ledgers.length === count)) &&
    payloads.length === count &&
    head.types.length === count &&
    head.last_position - head.first_position + 1 === count;
  if (!shapeOk) {
    throw corrupt(
      `The ${where} (positions ${head.first_position}-${head.last_position}) in ${path} does not hold ${count} events in each column; inspect the row`,
      head,
      path,
    );
  }
  return {
    first: head.first_position,
    last: head.last_position,
    ledger: head.ledger,
    count,
    stream: ledgerStreamName(head.ledger),
    types: head.types,
    ids: ids as string[],
    ledgers: ledgers as (number | null)[] | null,
    payloads,
  };
}

/** Bytes decoded per string: below Node's 1 MiB threshold for external strings, which JSON.parse reads ~25% slower. */
const DECODE_CHUNK = 256 * 1024;

/**
 * The payload texts of a segment. Latin1 decodes ASCII exactly as UTF-8 does, several times faster,
 * and keeps V8's compact one-byte strings, which JSON.parse also reads faster; so the bytes are decoded
 * as latin1, in chunks cut at '\n' (a byte UTF-8 never uses inside a multi-byte character), split at
 * '\n', and only the payloads that have other bytes are decoded again, as UTF-8.
 */
function splitPayloads(bytes: Buffer): string[] {
  const payloads: string[] = [];
  for (let start = 0; start <= bytes.length; ) {
    const cut = start + DECODE_CHUNK < bytes.length ? bytes.indexOf(0x0a, start + DECODE_CHUNK) : -1;
    const end = cut === -1 ? bytes.length : cut;
    for (const text of bytes.toString('latin1', start, end).split('\n')) payloads.push(text);
    start = end + 1;
  }
  if (isAscii(bytes)) return payloads;
  let start = 0;
  for (let i = 0; i < payloads.length; i++) {
    const end = start + (payloads[i] as string).length;
    if (!isAscii(bytes.subarray(start, end))) payloads[i] = bytes.toString('utf8', start, end);
    start = end + 1;
  }
  return payloads;
}

/** Reads the rest of a segment whose head a query in the same read transaction returned, and decodes it. */
export function loadSegment(st: Statements, head: SegmentHead, path: string): Segment {
  const body = st.segmentBody.get(head.last_position);
  if (body === undefined) {
    throw corrupt(
      `The segment of ledger ${head.ledger} in ${path} vanished while being read; segments are never deleted, inspect the file`,
      head,
      path,
    );
  }
  return decodeSegment(head, body, path);
}

/** Whether any of the segment's events has one of these type characters. */
export function segmentHasType(types: string, wanted: ReadonlySet<number>): boolean {
  if (wanted.size === 0) return false;
  for (let i = 0; i < types.length; i++) if (wanted.has(types.charCodeAt(i))) return true;
  return false;
}

/** Event `index` (0-based revision) of a decoded segment, its payload parsed. */
export function segmentEvent(
  segment: Segment,
  index: number,
  dictionary: TypeDictionary,
  path: string,
): StoredEvent {
  const text = segment.payloads[index] as string;
  let payload: unknown;
  try {
    payload = JSON.parse(text);
  } catch (cause) {
    const position = segment.first + index;
    throw storeError(
      STORE_ERR_CORRUPT,
      `Payload of event at position ${position} (stream ${segment.stream}, revision ${index}) in ${path} is not valid JSON; inspect the segment`,
      { details: { path, position, stream: segment.stream, revision: index }, cause },
    );
  }
  return {
    position: BigInt(segment.first + index),
    stream: segment.stream,
    revision: BigInt(index),
    type: dictionary.nameOf(segment.types.charCodeAt(index), `segment of ledger ${segment.ledger}`),
    id: segment.ids[index] as string,
    ledger: segment.ledgers === null ? segment.ledger : (segment.ledgers[index] ?? null),
    payload,
  };
}

function parseJson(text: string, what: string, head: SegmentHead, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw corrupt(`The ${what} in ${path} is not valid JSON; inspect the row`, head, path, cause);
  }
}

function corrupt(message: string, head: SegmentHead, path: string, cause?: unknown) {
  return storeError(STORE_ERR_CORRUPT, message, {
    details: { path, ledger: head.ledger, stream: ledgerStreamName(head.ledger) },
    cause,
  });
}
