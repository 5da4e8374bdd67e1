import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, nanos, headers as natsHeaders } from '@nats-io/transport-node';
import type {
  BusMessage,
  DurablePublishResult,
  DurableStreamConfig,
  MessageBus,
  PublishOptions,
} from '../../contracts/message-bus.ts';
import { busError } from '../errors.ts';
import { parseNatsUrl } from './parse-nats-url.ts';

export interface NatsBusLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface ConnectNatsBusOptions {
  readonly url: string;
  /** Client name shown by the server (`nats-server` monitoring). */
  readonly name?: string;
  /** How long to wait for the first connection, ms. Later outages are waited out (reconnect forever). */
  readonly connectTimeoutMs?: number;
  /** How long a durable publish waits for the server's acknowledgement, ms. */
  readonly ackTimeoutMs?: number;
  readonly logger?: NatsBusLogger;
}

/**
 * A bus over one NATS connection: core publish/subscribe for live fan-out, JetStream for durable
 * subjects. Reconnects forever once connected; a durable publish during an outage fails with the
 * retryable BUS_ERR_UNAVAILABLE and the caller retries it with the same msgId.
 */
export async function connectNatsBus(options: ConnectNatsBusOptions): Promise<MessageBus> {
  const address = parseNatsUrl(options.url);
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const ackTimeoutMs = options.ackTimeoutMs ?? 5_000;
  const nc = await connectWithin(connectTimeoutMs, address.display, () =>
    connect({
      servers: address.server,
      name: options.name ?? 'stellar-indexer',
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
      ...(address.user === undefined ? {} : { user: address.user }),
      ...(address.pass === undefined ? {} : { pass: address.pass }),
    }),
  );
  options.logger?.info({ nats: address.display }, 'nats: connected');
  void (async () => {
    for await (const status of nc.status()) {
      if (status.type === 'disconnect' || status.type === 'reconnect')
        options.logger?.warn({ nats: address.display, status: status.type }, `nats: ${status.type}`);
    }
  })().catch(() => undefined);
  const js = jetstream(nc, { timeout: ackTimeoutMs });
  const encodeHeaders = (h: PublishOptions['headers'], msgId?: string) => {
    const entries = Object.entries(h ?? {});
    if (entries.length === 0 && msgId === undefined) return undefined;
    const out = natsHeaders();
    for (const [k, v] of entries) out.set(k, v);
    if (msgId !== undefined) out.set('Nats-Msg-Id', msgId);
    return out;
  };

  return {
    kind: 'nats',
    publish(subject, data, publishOptions) {
      const h = encodeHeaders(publishOptions?.headers);
      nc.publish(subject, data, h === undefined ? {} : { headers: h });
    },
    subscribe(subject, handler) {
      const sub = nc.subscribe(subject, {
        callback: (error, msg) => {
          if (error !== null) return;
          const headers: Record<string, string> = {};
          if (msg.headers !== undefined) for (const [k, v] of msg.headers) headers[k] = v[0] ?? '';
          const message: BusMessage = { subject: msg.subject, data: msg.data, headers };
          handler(message);
        },
      });
      return () => sub.unsubscribe();
    },
    async ensureStream(config) {
      await ensureStream(nc, config);
    },
    async publishDurable(subject, data, publishOptions): Promise<DurablePublishResult> {
      const h = encodeHeaders(publishOptions.headers);
      try {
        const ack = await js.publish(subject, data, {
          msgID: publishOptions.msgId,
          timeout: ackTimeoutMs,
          ...(h === undefined ? {} : { headers: h }),
        });
        return { duplicate: ack.duplicate, sequence: ack.seq };
      } catch (cause) {
        throw busError(
          'BUS_ERR_UNAVAILABLE',
          `JetStream did not acknowledge ${subject} (msgId ${publishOptions.msgId}) within ${ackTimeoutMs} ms: ${describe(cause)}; retry with the same msgId`,
          { details: { subject, msgId: publishOptions.msgId, nats: address.display }, cause },
        );
      }
    },
    async flush() {
      await nc.flush();
    },
    async close() {
      if (!nc.isClosed()) await nc.drain().catch(() => nc.close());
    },
  };
}

async function ensureStream(
  nc: Awaited<ReturnType<typeof connect>>,
  config: DurableStreamConfig,
): Promise<void> {
  const wanted = {
    name: config.name,
    subjects: [...config.subjects],
    duplicate_window: nanos(config.duplicateWindowMs ?? 120_000),
    max_age: nanos(config.maxAgeMs ?? 0),
  };
  try {
    const jsm = await jetstreamManager(nc);
    const existing = await jsm.streams.info(config.name).catch(() => null);
    if (existing === null) await jsm.streams.add(wanted);
    else await jsm.streams.update(config.name, wanted);
  } catch (cause) {
    throw busError(
      'BUS_ERR_STREAM',
      `JetStream stream ${config.name} (${config.subjects.join(', ')}) could not be created or updated: ${describe(cause)}; is the server running with -js?`,
      { details: { stream: config.name }, cause },
    );
  }
}

async function connectWithin<T>(ms: number, display: string, open: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const attempt = open();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          busError(
            'BUS_ERR_CONNECT',
            `no NATS server answered at ${display} within ${ms} ms; start it or fix NATS_URL`,
            {
              details: { nats: display },
            },
          ),
        ),
      ms,
    );
  });
  try {
    return await Promise.race([attempt, timeout]);
  } catch (cause) {
    // A connection that succeeds after the timeout must not linger.
    void attempt.then((c) => (c as { close?: () => Promise<void> }).close?.()).catch(() => undefined);
    if (cause instanceof Error && 'code' in cause && (cause as { code: unknown }).code === 'BUS_ERR_CONNECT')
      throw cause;
    throw busError('BUS_ERR_CONNECT', `connecting to NATS at ${display} failed: ${describe(cause)}`, {
      details: { nats: display },
      cause,
    });
  } finally {
    clearTimeout(timer);
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
