import type { Checkpoint } from '../contracts/checkpoint.ts';
import type { EventStore, LedgerCommit } from '../contracts/event-store.ts';
import type { LedgerEvents } from './ledger-events.ts';

export interface CommitBatcherOptions {
  readonly store: EventStore;
  readonly checkpointName: string;
  /** The stored checkpoint the first commit must find. */
  readonly tip: Checkpoint | null;
  readonly maxLedgers: number;
  readonly maxEvents: number;
  /** Called after each store commit with the ledgers it made durable. */
  readonly onCommitted: (ledgers: readonly LedgerEvents[]) => void;
}

/**
 * Groups whole ledgers into one store transaction, bounded by ledger and event counts. Each commit
 * names the checkpoint it expects, so the store refuses anything that does not continue its chain.
 */
export function createCommitBatcher(options: CommitBatcherOptions) {
  let tip = options.tip;
  let commits: LedgerCommit[] = [];
  let ledgers: LedgerEvents[] = [];
  let events = 0;

  async function flush(): Promise<void> {
    if (commits.length === 0) return;
    await options.store.commitLedgers(commits);
    const done = ledgers;
    commits = [];
    ledgers = [];
    events = 0;
    options.onCommitted(done);
  }

  return {
    /** The tip including ledgers queued but not yet committed. */
    get tip(): Checkpoint | null {
      return tip;
    },
    get queued(): number {
      return commits.length;
    },
    async add(ledger: LedgerEvents): Promise<void> {
      const checkpoint: Checkpoint = { ledger: ledger.sequence, hash: ledger.hash };
      commits.push({
        checkpointName: options.checkpointName,
        expected: tip,
        checkpoint,
        events: ledger.events,
      });
      ledgers.push(ledger);
      events += ledger.events.length;
      tip = checkpoint;
      if (commits.length >= options.maxLedgers || events >= options.maxEvents) await flush();
    },
    flush,
  };
}
