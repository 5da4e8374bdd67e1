import type { StoredEvent } from '../../contracts/event-store.ts';
import type { LedgerFact, LedgerFactType } from '../../contracts/events/index.ts';
import { readModelError } from './errors.ts';

/** The fact schema version every read model here folds; a newer one needs an upgrade and a rebuild. */
export const SUPPORTED_SCHEMA_VERSION = 1;

export type FactOf<T extends LedgerFactType> = Extract<LedgerFact, { type: T }>;

/**
 * The fact inside a stored event when the event is of type `type`, else null. Throws when the
 * payload does not hold that fact or holds a newer schema version.
 */
export function factOf<T extends LedgerFactType>(
  projection: string,
  event: StoredEvent,
  type: T,
): FactOf<T> | null {
  if (event.type !== type) return null;
  const payload = event.payload as Partial<LedgerFact> | null | undefined;
  if (
    typeof payload === 'object' &&
    payload !== null &&
    payload.type === type &&
    typeof payload.data === 'object' &&
    payload.data !== null &&
    typeof payload.ledger === 'number' &&
    payload.schemaVersion === SUPPORTED_SCHEMA_VERSION
  ) {
    return payload as FactOf<T>;
  }
  const where = { projection, eventId: event.id, position: event.position.toString(), type };
  if (typeof payload !== 'object' || payload === null || payload.type !== type) {
    throw readModelError(
      'READMODEL_ERR_BAD_EVENT',
      `projection ${projection}: event ${event.id} at position ${event.position} of type ${type} does not hold a ${type} fact; re-ingest its ledger`,
      where,
    );
  }
  if (typeof payload.data !== 'object' || payload.data === null || typeof payload.ledger !== 'number') {
    throw readModelError(
      'READMODEL_ERR_BAD_EVENT',
      `projection ${projection}: event ${event.id} at position ${event.position} has no data or ledger; re-ingest its ledger`,
      where,
    );
  }
  if (payload.schemaVersion !== SUPPORTED_SCHEMA_VERSION) {
    throw readModelError(
      'READMODEL_ERR_UNSUPPORTED_SCHEMA',
      `projection ${projection}: event ${event.id} is ${type} schema version ${payload.schemaVersion}, this read model folds version ${SUPPORTED_SCHEMA_VERSION}; upgrade the indexer and rebuild`,
      { ...where, schemaVersion: payload.schemaVersion ?? null },
    );
  }
  return payload as FactOf<T>;
}

/**
 * The last close time converted, and its conversions: consecutive events nearly always share their
 * ledger's close time, and Date.parse is one of the costliest steps of a row. A memo of pure
 * functions: whatever it holds, the results are the same.
 */
const lastClose = { iso: '', seconds: 0, day: '' };

function convertClose(iso: string): typeof lastClose {
  if (iso !== lastClose.iso) {
    const ms = Date.parse(iso);
    lastClose.iso = iso;
    lastClose.seconds = Math.floor(ms / 1000);
    lastClose.day = Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
  }
  return lastClose;
}

/** Unix seconds of an ISO-8601 close time (ClickHouse `DateTime` reads integers in JSONEachRow). */
export const unixSeconds = (iso: string): number => convertClose(iso).seconds;

/** `YYYY-MM-DD` (UTC) of an ISO-8601 close time. */
export function utcDay(iso: string): string {
  const { day } = convertClose(iso);
  // An unparsable time throws as Date#toISOString does (RangeError), never a wrong day.
  return day === '' ? new Date(Number.NaN).toISOString() : day;
}

/** The columns every row of a fact carries: ledger, close time and the store position as version. */
export function commonColumns(
  event: StoredEvent,
  fact: LedgerFact,
): { ledger: number; close_time: number; version: string } {
  return { ledger: fact.ledger, close_time: unixSeconds(fact.closeTime), version: event.position.toString() };
}

/**
 * The decimal text of a TOID (or any unsigned integer) written with leading zeros, as
 * `BigInt(digits).toString()` gives it, without the BigInt.
 */
export function withoutLeadingZeros(digits: string): string {
  if (!/^\d+$/.test(digits)) return BigInt(digits).toString();
  let i = 0;
  while (i < digits.length - 1 && digits.charCodeAt(i) === 48) i++;
  return i === 0 ? digits : digits.slice(i);
}
