/**
 * Trigger latency: from a ledger's events appended to the store (the commit returned) until its
 * TriggerFired message is received by a JetStream consumer, through a real nats-server. The commit's
 * own time is printed beside it (`storeAppendItself`).
 *
 *   npm run bench:triggers            (BENCH_COPIES=5 copies of the 20 fixture ledgers by default)
 *
 * One process runs the engine (an event rule that fires on every ledger with a token transfer, plus a
 * threshold rule), the dispatcher (JetStream sink) and a durable pull consumer. Ledgers are appended
 * one at a time, every BENCH_INTERVAL_MS (default 250; mainnet closes one every ~5 s). The baseline,
 * in the same run, is a plain JetStream publish of a message of the same size, to the same consumer.
 * Prints p50/p99/max of both and the p99 ratio. Target: p99 under 150 ms.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import type { LedgerCommit } from '../contracts/event-store.ts';
import type { TriggerFired } from '../contracts/events/trigger-fired.ts';
import { createSqliteEventStore } from '../event-store/sqlite/create-sqlite-event-store.ts';
import type { LedgerEvents } from '../ingest/ledger-events.ts';
import { connectNatsBus } from '../messaging/nats/connect-nats-bus.ts';
import { startNatsServer } from '../test/helpers/nats-server.ts';
import { fixtureLedgers } from '../test/projections/helpers/fixture-store.ts';
import { createTriggerDispatcher } from '../triggers/deliver/create-trigger-dispatcher.ts';
import { createTriggerEngine } from '../triggers/engine/trigger-engine.ts';
import { parseRulesText } from '../triggers/rules/parse-rules.ts';
import { shiftLedgers } from './replicate-ledgers.ts';

const COPIES = Number(process.env.BENCH_COPIES ?? 5);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 250);
const silent = { info() {}, warn() {}, debug() {}, error() {} };

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const summary = (ms: number[]) => {
  const s = [...ms].sort((a, b) => a - b);
  return {
    n: s.length,
    p50Ms: +percentile(s, 50).toFixed(1),
    p99Ms: +percentile(s, 99).toFixed(1),
    maxMs: +(s.at(-1) ?? 0).toFixed(1),
  };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const RULES = `rules:
  - name: any-transfer
    kind: event
    event: TokenTransferred
  - name: big-transfer
    kind: event
    event: TokenTransferred
    where:
      amount: { gte: "10000000000" }
`;

async function main(): Promise<void> {
  const base = await fixtureLedgers();
  const ledgers: LedgerEvents[] = [];
  for (let copy = 0; copy < COPIES; copy++) ledgers.push(...shiftLedgers(base, copy * base.length, copy));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-triggers-'));
  const nats = await startNatsServer();
  const store = createSqliteEventStore({ path: path.join(dir, 'events.db') });
  const bus = await connectNatsBus({ url: nats.url });
  const nc = await connect({ servers: nats.url.replace('nats://', '') });
  const controller = new AbortController();
  try {
    // Baseline: plain JetStream publish -> the same kind of consumer, same message size.
    await bus.ensureStream({ name: 'BASELINE', subjects: ['baseline.>'] });
    const jsm = await jetstreamManager(nc);
    const js = jetstream(nc);
    const consume = async (stream: string, onMessage: (data: Uint8Array) => void) => {
      await jsm.consumers.add(stream, {
        durable_name: 'bench',
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
      });
      const messages = await (await js.consumers.get(stream, 'bench')).consume({ max_messages: 256 });
      controller.signal.addEventListener('abort', () => void messages.close(), { once: true });
      void (async () => {
        for await (const m of messages) {
          onMessage(m.data);
          m.ack();
        }
      })();
    };

    const sentAt = new Map<number, number>();
    const baseline: number[] = [];
    await consume('BASELINE', (data) => {
      const at = sentAt.get(data[0] ?? -1);
      if (at !== undefined) baseline.push(performance.now() - at);
    });
    for (let i = 0; i < 100; i++) {
      const payload = new Uint8Array(1500).fill(97);
      payload[0] = i;
      sentAt.set(i, performance.now());
      await bus.publishDurable('baseline.x', payload, { msgId: `b${i}` });
      await sleep(20);
    }
    await sleep(500);

    // The engine and the dispatcher, as `triggers run` wires them.
    const appendedAt = new Map<number, number>();
    const engineLatencies: number[] = [];
    const engineDone = new Set<number>();
    const rules = parseRulesText(RULES, 'bench');
    const statePath = path.join(dir, 'triggers.db');
    const dispatcher = createTriggerDispatcher({ store, bus, webhooks: [], statePath, logger: silent });
    await dispatcher.start();
    const engine = createTriggerEngine({
      store,
      rules,
      network: 'pubnet',
      statePath,
      logger: silent,
      onFired: (events) => {
        const now = performance.now();
        for (const e of events) {
          const at = appendedAt.get(e.ledger);
          if (at !== undefined && !engineDone.has(e.ledger)) {
            engineDone.add(e.ledger);
            engineLatencies.push(now - at);
          }
        }
        dispatcher.notify();
      },
      from: ledgers[0]?.sequence ?? 0,
    });
    const running = engine.run({ signal: controller.signal });

    const latencies: number[] = [];
    const appendMs: number[] = [];
    const firstFiring = new Set<number>();
    await consume('TRIGGERS', (data) => {
      const fired = JSON.parse(new TextDecoder().decode(data)) as TriggerFired;
      const at = appendedAt.get(fired.ledger);
      if (at === undefined || firstFiring.has(fired.ledger)) return;
      firstFiring.add(fired.ledger);
      latencies.push(performance.now() - at);
    });
    let expected = null as null | { ledger: number; hash: string };
    let firing = 0;
    for (const ledger of ledgers) {
      const commit: LedgerCommit = {
        checkpointName: 'ingest:pubnet',
        expected,
        checkpoint: { ledger: ledger.sequence, hash: ledger.hash },
        events: ledger.events,
      };
      if (ledger.events.some((e) => e.type === 'TokenTransferred')) firing += 1;
      const t0 = performance.now();
      await store.commitLedger(commit);
      // The clock starts when the ledger is in the store (as ingest commits it); the append is ingest's.
      appendedAt.set(ledger.sequence, performance.now());
      appendMs.push(performance.now() - t0);
      expected = commit.checkpoint;
      await sleep(INTERVAL_MS);
    }
    for (let i = 0; i < 100 && latencies.length < firing; i++) await sleep(100);
    controller.abort();
    await running;
    await dispatcher.stop();

    const trig = summary(latencies);
    const base0 = summary(baseline);
    console.log(
      JSON.stringify({
        bench: 'triggers-latency',
        ledgers: ledgers.length,
        ledgersThatFire: firing,
        received: latencies.length,
        appendToJetStreamConsumer: trig,
        appendToFiringStored: summary(engineLatencies),
        storeAppendItself: summary(appendMs),
        baselineJetStreamPublishToConsumer: base0,
        p99Ratio: +(trig.p99Ms / base0.p99Ms).toFixed(1),
        targetP99Ms: 150,
        rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
      }),
    );
  } finally {
    controller.abort();
    await nc.close();
    await bus.close();
    await store.close();
    await nats.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
