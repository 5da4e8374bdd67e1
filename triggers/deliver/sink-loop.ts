import type { EventStore } from '../../contracts/event-store.ts';
import type { ChangeNotifier } from '../../event-store/shared/change-notifier.ts';
import type { DeliverLogger } from './deliver-logger.ts';
import type { DeliveryState } from './delivery-state.ts';
import { parseFiring } from './parse-firing.ts';
import type { Sink } from './sink.ts';
import type { SinkStatsRegistry } from './sink-stats.ts';

/**
 * Runs one sink until the signal aborts: reads the triggers stream from the revision after the
 * sink's saved progress, hands each firing it wants to the sink, and saves progress only once the
 * sink is done with it (delivered or dead-lettered). Firings it does not want move progress too,
 * saved in one write at the end of a pass. Then waits for notify() or the poll interval.
 */
export async function runSinkLoop(options: {
  readonly sink: Sink;
  readonly store: EventStore;
  readonly stream: string;
  readonly state: DeliveryState;
  /** Woken when the engine appended a firing (read `version` before reading the stream). */
  readonly wake: ChangeNotifier;
  readonly pollIntervalMs: number;
  readonly stats: SinkStatsRegistry;
  readonly logger: DeliverLogger;
  readonly signal: AbortSignal;
}): Promise<void> {
  const { sink, store, state, wake, signal, logger } = options;
  const own = options.stats.of(sink.name);
  let last = state.readProgress(sink.name);
  own.lastRevision = last;
  let unsaved: bigint | null = null;
  const flushSkipped = (): void => {
    if (unsaved === null) return;
    state.saveProgress(sink.name, unsaved);
    unsaved = null;
  };

  while (!signal.aborted) {
    const seen = wake.version;
    try {
      for await (const event of store.readStream(options.stream, {
        from: last === null ? 0n : last + 1n,
        signal,
      })) {
        const firing = parseFiring(event);
        const result = sink.wants(firing)
          ? await sink.deliver(firing, signal)
          : ({ kind: 'skipped' } as const);
        if (result.kind === 'aborted') break;
        if (result.kind === 'skipped') unsaved = event.revision;
        else if (result.kind === 'delivered') {
          state.saveProgress(sink.name, event.revision);
          unsaved = null;
          own.delivered += 1;
        } else {
          state.recordDeadLetters(sink.name, event.revision, result.letters);
          unsaved = null;
          for (const letter of result.letters) {
            options.stats.of(letter.sink).deadLetters += 1;
            logger.warn(
              {
                sink: letter.sink,
                rule: letter.rule,
                eventId: letter.eventId,
                attempts: letter.attempts,
                status: letter.lastStatus,
                code: letter.code,
                err: letter.lastError,
              },
              'trigger delivery: dead letter',
            );
          }
        }
        last = event.revision;
        own.lastRevision = last;
      }
      flushSkipped();
    } catch (error) {
      if (signal.aborted) break;
      logger.warn(
        {
          sink: sink.name,
          stream: options.stream,
          from: String(last === null ? 0n : last + 1n),
          err: describe(error),
        },
        'trigger delivery: reading or saving progress failed; trying again after the poll interval',
      );
    }
    await wake.wait(seen, options.pollIntervalMs, signal);
  }
  try {
    flushSkipped();
  } catch (error) {
    logger.warn(
      { sink: sink.name, err: describe(error) },
      'trigger delivery: could not save progress on stop',
    );
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
