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

/** Unix seconds of an ISO-8601 close time (ClickHouse `DateTime` reads integers in JSONEachRow). */
export const unixSeconds = (iso: string): number => Math.floor(Date.parse(iso) / 1000);

/** `YYYY-MM-DD` (UTC) of an ISO-8601 close time. */
export const utcDay = (iso: string): string => new Date(Date.parse(iso)).toISOString().slice(0, 10);

/** The columns every row of a fact carries: ledger, close time and the store position as version. */
export function commonColumns(
  event: StoredEvent,
  fact: LedgerFact,
): { ledger: number; close_time: number; version: string } {
  return { ledger: fact.ledger, close_time: unixSeconds(fact.closeTime), version: event.position.toString() };
}
