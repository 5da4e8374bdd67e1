import { hasErrorCode } from '../../contracts/errors.ts';
import type { EventStore } from '../../contracts/event-store.ts';
import { TRIGGERS_STREAM, type TriggerFired } from '../../contracts/events/trigger-fired.ts';
import { triggerError } from '../errors.ts';

/** The triggers stream as this engine writes it: its revision and the firings already in it. */
export interface FiringLog {
  /** Revision of the stream's last event; null when the stream does not exist. */
  readonly revision: bigint | null;
  /** True when a firing with this id was appended after the revision the engine last saved. */
  has(id: string): boolean;
  /** Appends with the expected revision; a mismatch means another writer (TRIGGER_ERR_CONFLICT). */
  append(firings: readonly TriggerFired[]): Promise<void>;
}

/**
 * Reads the triggers stream after `savedRevision` (all of it when null): those firings were appended
 * by a run that stopped before saving its state, and must not be appended again.
 */
export async function openFiringLog(store: EventStore, savedRevision: bigint | null): Promise<FiringLog> {
  const known = new Set<string>();
  let revision = savedRevision;
  for await (const event of store.readStream(TRIGGERS_STREAM, {
    from: savedRevision === null ? 0n : savedRevision + 1n,
  })) {
    known.add(event.id);
    revision = event.revision;
  }
  return {
    get revision() {
      return revision;
    },
    has: (id) => known.has(id),
    async append(firings) {
      if (firings.length === 0) return;
      const events = firings.map((f) => ({ type: f.type, id: f.id, ledger: f.ledger, payload: f }));
      try {
        const result = await store.appendToStream(TRIGGERS_STREAM, events, revision ?? 'no_stream');
        revision = result.nextRevision;
      } catch (error) {
        if (!hasErrorCode(error, 'STORE_ERR_CONFLICT')) throw error;
        throw triggerError(
          'TRIGGER_ERR_CONFLICT',
          `the ${TRIGGERS_STREAM} stream moved past revision ${revision ?? 'none'} while this engine appended ledger ${firings[0]?.ledger}: another trigger engine writes this store; run only one, then restart`,
          {
            details: {
              stream: TRIGGERS_STREAM,
              ledger: firings[0]?.ledger,
              expected: revision?.toString() ?? 'no_stream',
            },
            cause: error,
          },
        );
      }
    },
  };
}
