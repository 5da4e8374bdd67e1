import type { EventStore } from '../../contracts/event-store.ts';
import { TRIGGERS_STREAM } from '../../contracts/events/trigger-fired.ts';
import type { DurableStreamConfig, MessageBus } from '../../contracts/message-bus.ts';
import { createChangeNotifier } from '../../event-store/shared/change-notifier.ts';
import { type DeliverLogger, SILENT_DELIVER_LOGGER } from './deliver-logger.ts';
import { type DeadLetter, type ListDeadLettersOptions, openDeliveryState } from './delivery-state.ts';
import { type ResolveHost, systemResolveHost } from './guarded-lookup.ts';
import { createNatsSink } from './nats-sink.ts';
import type { Sink } from './sink.ts';
import { runSinkLoop } from './sink-loop.ts';
import { createSinkStatsRegistry, type SinkStats } from './sink-stats.ts';
import { createUnroutedSink } from './unrouted-sink.ts';
import { validateWebhookConfigs, type WebhookConfig } from './webhook-config.ts';
import { createWebhookSink } from './webhook-sink.ts';

/** The JetStream stream that keeps every NATS delivery: `triggers.<rule>`. */
export const TRIGGERS_JETSTREAM = 'TRIGGERS';
export const TRIGGERS_SUBJECT_PREFIX = 'triggers.';

export interface TriggerDispatcherOptions {
  readonly store: EventStore;
  readonly bus: MessageBus;
  /** Webhooks as loaded from the rules file; validated here (throws WebhookConfigError). */
  readonly webhooks: readonly WebhookConfig[];
  /** The triggers state file (SQLite, shared with the trigger engine). */
  readonly statePath: string;
  readonly logger?: DeliverLogger;
  /** How often each sink looks for firings without a notify(), ms; default 1000. */
  readonly pollIntervalMs?: number;
  /** NATS outage backoff: first wait and cap, ms; default 200 and 5000. */
  readonly natsRetryInitialMs?: number;
  readonly natsRetryMaxMs?: number;
  /** How long creating or checking the TRIGGERS stream may take, ms; default 2000. */
  readonly natsEnsureTimeoutMs?: number;
  /** How long JetStream remembers a Nats-Msg-Id, ms; default one hour. */
  readonly natsDuplicateWindowMs?: number;
  /** How long JetStream keeps a firing, ms; default 7 days (0 keeps them). */
  readonly natsMaxAgeMs?: number;
  /** Hostname resolution for webhooks (default dns.lookup, all addresses). */
  readonly resolveHost?: ResolveHost;
  /** The event-store stream of firings; default `triggers`. */
  readonly stream?: string;
}

export interface TriggerDispatcher {
  /** Creates the TRIGGERS JetStream stream (or retries it later if NATS is down) and starts every sink. */
  start(): Promise<void>;
  /** Call after appending a firing: the sinks look at the stream now instead of at the next poll. */
  notify(): void;
  /** Stops the sinks (an in-flight webhook request or NATS wait is abandoned and redone next start). */
  stop(): Promise<void>;
  /** Per-sink counters since start, keyed `nats`, `webhook:<name>`, `unrouted`, or an unknown target. */
  stats(): { readonly [sink: string]: Readonly<SinkStats> };
  listDeadLetters(options?: ListDeadLettersOptions): readonly DeadLetter[];
}

/**
 * The outbox of the trigger engine: every TriggerFired in the triggers stream goes to each target its
 * data.deliver names. Each sink (NATS, each webhook) keeps its own progress in the state file, so a
 * failing webhook never holds up NATS or another webhook; delivery is at least once, with the event
 * id as Nats-Msg-Id and Idempotency-Key so that receivers drop the copy a crash may resend.
 */
export function createTriggerDispatcher(options: TriggerDispatcherOptions): TriggerDispatcher {
  const webhooks = validateWebhookConfigs(options.webhooks, 'the trigger dispatcher options');
  const logger = options.logger ?? SILENT_DELIVER_LOGGER;
  const stream = options.stream ?? TRIGGERS_STREAM;
  const state = openDeliveryState(options.statePath);
  const stats = createSinkStatsRegistry();
  const wake = createChangeNotifier();
  const jetStream: DurableStreamConfig = {
    name: TRIGGERS_JETSTREAM,
    subjects: [`${TRIGGERS_SUBJECT_PREFIX}>`],
    duplicateWindowMs: options.natsDuplicateWindowMs ?? 3_600_000,
    maxAgeMs: options.natsMaxAgeMs ?? 7 * 24 * 3_600_000,
  };
  const nats = createNatsSink({
    bus: options.bus,
    stream: jetStream,
    retryInitialMs: options.natsRetryInitialMs ?? 200,
    retryMaxMs: options.natsRetryMaxMs ?? 5_000,
    ensureTimeoutMs: options.natsEnsureTimeoutMs ?? 2_000,
    stats: stats.of('nats'),
    logger,
  });
  const webhookSinks = webhooks.map((webhook) =>
    createWebhookSink({
      webhook,
      resolve: options.resolveHost ?? systemResolveHost,
      stats: stats.of(`webhook:${webhook.name}`),
      logger,
    }),
  );
  const known = new Set<string>([nats.name, ...webhookSinks.map((s) => s.name)]);
  const sinks: Sink[] = [nats, ...webhookSinks, createUnroutedSink(known)];
  const controller = new AbortController();
  let loops: Promise<void>[] | null = null;
  let stopped = false;

  return {
    async start() {
      if (loops !== null || stopped) return;
      try {
        await nats.ensureStream();
      } catch (error) {
        logger.warn(
          { stream: TRIGGERS_JETSTREAM, err: error instanceof Error ? error.message : String(error) },
          'trigger delivery: could not create the TRIGGERS JetStream stream now; the NATS sink retries before publishing',
        );
      }
      if (stopped) return;
      loops = sinks.map((sink) =>
        runSinkLoop({
          sink,
          store: options.store,
          stream,
          state,
          wake,
          pollIntervalMs: options.pollIntervalMs ?? 1000,
          stats,
          logger,
          signal: controller.signal,
        }),
      );
      logger.info(
        { sinks: sinks.map((s) => s.name), statePath: options.statePath, stream },
        'trigger delivery: started',
      );
    },
    notify() {
      wake.notify();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      controller.abort();
      await Promise.all(loops ?? []);
      state.close();
    },
    stats: () => stats.snapshot(),
    listDeadLetters: (listOptions) => state.listDeadLetters(listOptions),
  };
}
