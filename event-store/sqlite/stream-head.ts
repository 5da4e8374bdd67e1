import type { Statements } from './statements.ts';

/** The ledger of a `ledger-<seq>` stream name (as ledgerStreamName spells it), else undefined. */
export function ledgerOfStream(stream: string): number | undefined {
  const match = /^ledger-(0|[1-9][0-9]{0,15})$/.exec(stream);
  if (match === null) return undefined;
  const ledger = Number(match[1]);
  return Number.isSafeInteger(ledger) ? ledger : undefined;
}

/**
 * The stream's last revision, or undefined when it has no events. A `ledger-<seq>` stream may have a
 * segment (revisions 0…count-1) and, after it, rows appended with appendToStream; other streams live
 * in the events table only.
 */
export function streamHead(st: Statements, stream: string): number | undefined {
  const head = st.streamHead.get(stream);
  if (head !== undefined) return head;
  const ledger = ledgerOfStream(stream);
  if (ledger === undefined) return undefined;
  const count = st.segmentCountOfLedger.get(ledger);
  return count === undefined ? undefined : count - 1;
}
