import type { DurableStreamConfig, MessageBus } from '../../contracts/message-bus.ts';
import { backoffDelay, sleep } from './backoff.ts';
import type { DeliverLogger } from './deliver-logger.ts';
import { deliverError } from './errors.ts';
import type { Sink } from './sink.ts';
import type { SinkStats } from './sink-stats.ts';

/**
 * Publishes each firing that names `nats` to `triggers.<rule>` with Nats-Msg-Id = event id, and
 * waits for the JetStream acknowledgement. While NATS is down it retries the same firing with
 * backoff forever (checking the stream exists again first), so nothing is skipped and order is kept.
 */
export function createNatsSink(options: {
  readonly bus: MessageBus;
  readonly stream: DurableStreamConfig;
  readonly retryInitialMs: number;
  readonly retryMaxMs: number;
  /** How long creating or checking the stream may take before the attempt counts as failed, ms. */
  readonly ensureTimeoutMs: number;
  readonly stats: SinkStats;
  readonly logger: DeliverLogger;
}): Sink & { ensureStream(): Promise<void> } {
  const { bus, stats, logger } = options;
  let streamReady = false;
  const encoder = new TextEncoder();
  const ensureStream = async (): Promise<void> => {
    await withTimeout(bus.ensureStream(options.stream), options.ensureTimeoutMs, options.stream.name);
    streamReady = true;
  };

  return {
    name: 'nats',
    ensureStream,
    wants: (firing) => firing.ok && firing.deliver.includes('nats'),
    async deliver(firing, signal) {
      if (!firing.ok) return { kind: 'skipped' };
      const subject = `triggers.${firing.rule}`;
      const data = encoder.encode(firing.json);
      let failures = 0;
      while (!signal.aborted) {
        try {
          if (!streamReady) await ensureStream();
          const ack = await bus.publishDurable(subject, data, { msgId: firing.eventId });
          if (ack.duplicate) stats.duplicates += 1;
          if (failures > 0)
            logger.info(
              { sink: 'nats', subject, eventId: firing.eventId, failures },
              'trigger delivery: NATS acknowledged again after an outage',
            );
          return { kind: 'delivered' };
        } catch (error) {
          failures += 1;
          stats.retries += 1;
          // Every few failures, check the stream again: a server that lost its store needs it re-created.
          if (failures % REENSURE_EVERY === 0) streamReady = false;
          const delay = backoffDelay(options.retryInitialMs, failures, options.retryMaxMs);
          if (failures === 1 || failures % 10 === 0)
            logger.warn(
              {
                sink: 'nats',
                subject,
                eventId: firing.eventId,
                failures,
                retryInMs: delay,
                err: describe(error),
              },
              'trigger delivery: NATS did not acknowledge a firing; it waits and is retried (later firings wait behind it)',
            );
          if (!(await sleep(delay, signal))) break;
        }
      }
      return { kind: 'aborted' };
    },
  };
}

const REENSURE_EVERY = 5;

function withTimeout(work: Promise<void>, ms: number, stream: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          deliverError(
            'DELIVER_ERR_NATS_UNAVAILABLE',
            `JetStream stream ${stream} could not be created or checked within ${ms} ms; is NATS up with -js? The NATS sink keeps retrying`,
            { details: { stream } },
          ),
        ),
      ms,
    );
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
