import type { NewEvent } from '../contracts/event-store.ts';
import type { LedgerFact } from '../contracts/events/index.ts';

/** Facts become store events keyed by (type, id), with the whole fact as payload. */
export const factsToEvents = (facts: readonly LedgerFact[]): NewEvent[] =>
  facts.map((fact) => ({ type: fact.type, id: fact.id, ledger: fact.ledger, payload: fact }));
