import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, nanos, headers as natsHeaders } from '@nats-io/transport-node';
import { hasErrorCode } from '../../contracts/errors.ts';
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
  /**
   * Return at once and keep trying to connect in the background (for stages that must run while NATS
   * is down: durable publishes fail with the retryable BUS_ERR_UNAVAILABLE until it is up, core
   * publishes are dropped, subscriptions start once connected). Default false: fail with
   * BUS_ERR_CONNECT when no server answers within connectTimeoutMs.
   */
  readonly background?: boolean;
  /** How long a durable publish waits for the server's acknowledgement, ms. */
  readonly ackTimeoutMs?: number;
  readonly logger?: NatsBusLogger;
}

type Connection = Awaited<ReturnType<typeof connect>>;

/**
 * A bus over one NATS connection: core publish/subscribe for live fan-out, JetStream for durable
 * subjects. Reconnects forever once connected; a durable publish during an outage fails with the
 * retryable BUS_ERR_UNAVAILABLE and the caller retries it with the same msgId.
 */
export async function connectNatsBus(options: ConnectNatsBusOptions): Promise<MessageBus> {
  const address = parseNatsUrl(options.url);
  const ackTimeoutMs = options.ackTimeoutMs ?? 5_000;
  let nc: Connection | null = null;
  let closed = false;
  const subscriptions = new Set<{
    pattern: string;
    handler: (m: BusMessage) => void;
    off: (() => void) | null;
  }>();

  let retry: NodeJS.Timeout | undefined;
  let failures = 0;
  // First connection: try every 250 ms until it works or the bus is closed (a pending retry is a
  // cancellable timer, so closing never leaves the process waiting for a server). After that the
  // client reconnects on its own, forever.
  const connecting = new Promise<Connection>((resolve, reject) => {
    const attempt = (): void => {
      if (closed) {
        reject(busError('BUS_ERR_CLOSED', `NATS bus for ${address.display} closed before it connected`));
        return;
      }
      connect({
        servers: address.server,
        name: options.name ?? 'stellar-indexer',
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
        ...(address.user === undefined ? {} : { user: address.user }),
        ...(address.pass === undefined ? {} : { pass: address.pass }),
      }).then(resolve, (cause: unknown) => {
        if (failures % 40 === 0 && options.background === true)
          options.logger?.warn(
            { nats: address.display, err: describe(cause), attempts: failures + 1 },
            'nats: not reachable yet, retrying',
          );
        failures += 1;
        retry = setTimeout(attempt, 250);
      });
    };
    attempt();
  });
  const ready = connecting.then((connection) => {
    if (closed) {
      void connection.close();
      return connection;
    }
    nc = connection;
    options.logger?.info({ nats: address.display }, 'nats: connected');
    for (const s of subscriptions) s.off = coreSubscribe(connection, s.pattern, s.handler);
    void (async () => {
      for await (const status of connection.status()) {
        if (status.type === 'disconnect' || status.type === 'reconnect')
          options.logger?.warn({ nats: address.display, status: status.type }, `nats: ${status.type}`);
      }
    })().catch(() => undefined);
    return connection;
  });
  ready.catch(() => undefined);
  if (options.background !== true) {
    await within(options.connectTimeoutMs ?? 10_000, ready, () =>
      busError(
        'BUS_ERR_CONNECT',
        `no NATS server answered at ${address.display} within ${options.connectTimeoutMs ?? 10_000} ms; start it or fix NATS_URL`,
        {
          details: { nats: address.display },
        },
      ),
    ).catch((cause: unknown) => {
      closed = true;
      clearTimeout(retry);
      void ready.then((c) => c.close()).catch(() => undefined);
      if (hasErrorCode(cause, 'BUS_ERR_CONNECT')) throw cause;
      throw busError(
        'BUS_ERR_CONNECT',
        `connecting to NATS at ${address.display} failed: ${describe(cause)}`,
        {
          details: { nats: address.display },
          cause,
        },
      );
    });
  }
  /** The connection, or BUS_ERR_UNAVAILABLE when it is not up within `ms`. */
  const connection = async (ms: number, what: string): Promise<Connection> => {
    if (nc !== null) return nc;
    return await within(ms, ready, () =>
      busError('BUS_ERR_UNAVAILABLE', `${what}: NATS at ${address.display} is not connected yet; retry`, {
        details: { nats: address.display },
      }),
    );
  };

  return {
    kind: 'nats',
    publish(subject, data, publishOptions) {
      if (nc === null) return; // not connected yet: live receivers fill the gap from the store
      const h = encodeHeaders(publishOptions?.headers);
      nc.publish(subject, data, h === undefined ? {} : { headers: h });
    },
    subscribe(subject, handler) {
      const s = { pattern: subject, handler, off: null as (() => void) | null };
      subscriptions.add(s);
      if (nc !== null) s.off = coreSubscribe(nc, subject, handler);
      return () => {
        subscriptions.delete(s);
        s.off?.();
      };
    },
    async ensureStream(config) {
      await ensureStream(await connection(ackTimeoutMs, `stream ${config.name}`), config);
    },
    async publishDurable(subject, data, publishOptions): Promise<DurablePublishResult> {
      const h = encodeHeaders(publishOptions.headers);
      try {
        const js = jetstream(await connection(ackTimeoutMs, `publish ${subject}`), { timeout: ackTimeoutMs });
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
      if (nc !== null && !nc.isClosed()) await nc.flush();
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      subscriptions.clear();
      const c = nc;
      nc = null;
      if (c !== null && !c.isClosed()) await c.drain().catch(() => c.close());
    },
  };
}

function coreSubscribe(nc: Connection, subject: string, handler: (m: BusMessage) => void): () => void {
  const sub = nc.subscribe(subject, {
    callback: (error, msg) => {
      if (error !== null) return;
      const headers: Record<string, string> = {};
      if (msg.headers !== undefined) for (const [k, v] of msg.headers) headers[k] = v[0] ?? '';
      handler({ subject: msg.subject, data: msg.data, headers });
    },
  });
  return () => sub.unsubscribe();
}

function encodeHeaders(h: PublishOptions['headers']) {
  const entries = Object.entries(h ?? {});
  if (entries.length === 0) return undefined;
  const out = natsHeaders();
  for (const [k, v] of entries) out.set(k, v);
  return out;
}

async function ensureStream(nc: Connection, config: DurableStreamConfig): Promise<void> {
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

/** `promise`, or the error `onTimeout` makes after `ms`. */
async function within<T>(ms: number, promise: Promise<T>, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));
