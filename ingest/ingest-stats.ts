import type { LedgerEvents } from './ledger-events.ts';

/** What one run appended: the numbers of the `--json` summary. */
export interface IngestStats {
  fromLedger: number | null;
  toLedger: number | null;
  ledgers: number;
  transactions: number;
  operations: number;
  events: Record<string, number>;
}

export const emptyStats = (): IngestStats => ({
  fromLedger: null,
  toLedger: null,
  ledgers: 0,
  transactions: 0,
  operations: 0,
  events: {},
});

export function addLedger(stats: IngestStats, ledger: LedgerEvents): void {
  stats.fromLedger ??= ledger.sequence;
  stats.toLedger = ledger.sequence;
  stats.ledgers += 1;
  stats.transactions += ledger.transactionCount;
  stats.operations += ledger.operationCount;
  for (const event of ledger.events) stats.events[event.type] = (stats.events[event.type] ?? 0) + 1;
}

export const totalEvents = (stats: IngestStats): number =>
  Object.values(stats.events).reduce((a, b) => a + b, 0);
