import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, nanos } from '@nats-io/transport-node';

/** What the indexer publishes on `triggers.<rule>`: the stored TriggerFired fact, as JSON. */
export interface Firing {
  readonly id: string;
  readonly ledger: number;
  readonly closeTime: string;
  readonly data: {
    readonly rule: string;
    readonly reason: string;
    readonly matches: readonly { readonly type: string; readonly id: string }[];
    readonly values: { readonly [name: string]: string };
  };
}

export interface BotOptions {
  readonly natsUrl: string;
  /** The durable consumer's name: the server remembers what this bot acknowledged under it. */
  readonly durable: string;
  /** Rules to follow, as a subject filter (default every rule: `triggers.>`). */
  readonly subject?: string;
  /** How long the server waits for an ack before redelivering, ms. */
  readonly ackWaitMs?: number;
  readonly signal: AbortSignal;
  /** The bot's action. Throwing leaves the message unacknowledged: the server redelivers it. */
  act(
    firing: Firing,
    delivery: { readonly redelivered: boolean; readonly streamSequence: number },
  ): Promise<void>;
}

/**
 * A durable JetStream pull consumer on the TRIGGERS stream. Each firing is acknowledged only after
 * `act` finished, so a bot that crashes mid-action gets the firing again; acting must therefore be
 * idempotent per firing id (`rule:ledger`), which the indexer guarantees to be unique.
 */
export async function consumeTriggers(options: BotOptions): Promise<void> {
  const nc = await connect({
    servers: options.natsUrl.replace(/^nats:\/\//, ''),
    name: `bot-${options.durable}`,
  });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.consumers.add('TRIGGERS', {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: options.subject ?? 'triggers.>',
      ack_wait: nanos(options.ackWaitMs ?? 30_000),
    });
    const consumer = await jetstream(nc).consumers.get('TRIGGERS', options.durable);
    const messages = await consumer.consume({ max_messages: 64 });
    options.signal.addEventListener('abort', () => void messages.close(), { once: true });
    for await (const message of messages) {
      const firing = message.json<Firing>();
      try {
        await options.act(firing, { redelivered: message.redelivered, streamSequence: message.seq });
        message.ack();
      } catch (error) {
        // Not acknowledged: ask for redelivery after a pause instead of waiting for ack_wait.
        message.nak(1_000);
        console.error(`bot: ${firing.id} failed, will be redelivered:`, error);
      }
    }
  } finally {
    await nc.drain().catch(() => nc.close());
  }
}
