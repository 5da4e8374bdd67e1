/**
 * Latency from an event appended to the store until N websocket subscribers received it, with the
 * server's RSS.
 *
 *   npm run bench:api [-- 1,1000,10000]        (default 1,1000,10000)
 *
 * For each N a fresh server process is forked (bench/api-bench-server.ts: SQLite store, API with its
 * in-process live feed). The N `ledgerClosed` subscribers (graphql-transport-ws) run in this process,
 * so the server has a process (and a core) of its own and the RSS is its own; they connect
 * CONNECT_CONCURRENCY at a time, and the events start once every one of them is caught up and live
 * on the server. Then EVENTS LedgerClosed events are appended, one every INTERVAL_MS: by the server
 * process, as the one-process `start` does (BENCH_API_APPEND=separate: by this process into the same
 * store file, as a separate `ingest` would; the feed then finds them by polling). Latency is the
 * receipt of the item at a client minus the start of the `appendToStream` call, both on the
 * machine-wide monotonic clock, for every (event, subscriber) pair; a delivery that never came counts
 * in `missing`. The first WARMUP events are delivered but not counted.
 *
 * At 10,000 subscribers the default interval, 100 ms, offers 100,000 messages a second, close to what
 * one core writes to loopback sockets here (see the floor below): BENCH_API_INTERVAL_MS=500 separates
 * the latency of an event from that throughput limit. Per event, `firstMs` is when the first
 * subscriber had it and `spreadMs` how long the rest took (medians over the events).
 *
 * Clients: `raw` (default) is a minimal WebSocket client over `net` that timestamps a chunk as it is
 * read, before parsing; `ws` (BENCH_API_CLIENT=ws) uses the `ws` library and JSON.parse, about twice
 * the client CPU per message, which on 2 cores is taken from the server. BENCH_API_FLOOR=1 runs the
 * same clients against a bare `ws` server that writes the same pre-built message to every socket
 * (bench/api-bench-floor-server.ts): the floor of the machine. The output also gives the CPU the
 * server and the clients spent per event and how busy other processes kept the machine meanwhile
 * (othersCpuPct, of all cores): on a shared machine, compare runs with a low figure.
 *
 * Env: BENCH_API_EVENTS (50), BENCH_API_INTERVAL_MS (100), BENCH_API_WARMUP (3),
 * BENCH_API_CONNECT_CONCURRENCY (100), BENCH_API_CLIENT (raw|ws), BENCH_API_APPEND (server|separate),
 * BENCH_API_FLOOR (1), BENCH_API_SERVER_NODE_ARGS (extra node flags for the server process),
 * BENCH_API_PROFILE (a directory: the server's CPU profile of the events phase is written there),
 * BENCH_API_HEAP (a file: the server's heap snapshot after the events). Each process needs a
 * file-descriptor limit above N (`ulimit -n`).
 */
import { type ChildProcess, fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSqliteEventStore } from '../event-store/sqlite/create-sqlite-event-store.ts';
import { ledgerClosedEvent } from '../test/helpers/synthetic-ledger-closed.ts';
import { connectSubscribers } from './api-bench-client.ts';
import { monotonicMs } from './api-bench-events.ts';
import { connectRawSubscribers } from './api-bench-raw-client.ts';

const counts = (process.argv[2] ?? '1,1000,10000').split(',').map(Number);
if (counts.some((n) => !Number.isSafeInteger(n) || n < 1)) {
  console.error('usage: npm run bench:api [-- N[,N…]]   (subscriber counts, default 1,1000,10000)');
  process.exit(2);
}
const EVENTS = Number(process.env.BENCH_API_EVENTS ?? 50);
const INTERVAL_MS = Number(process.env.BENCH_API_INTERVAL_MS ?? 100);
const WARMUP = Number(process.env.BENCH_API_WARMUP ?? 3);
const CONNECT_CONCURRENCY = Number(process.env.BENCH_API_CONNECT_CONCURRENCY ?? 100);
const CLIENT = process.env.BENCH_API_CLIENT === 'ws' ? 'ws' : 'raw';
/** `server`: the server process appends (as `start` does); `separate`: this process, into the same file. */
const APPEND = process.env.BENCH_API_APPEND === 'separate' ? 'separate' : 'server';
const FLOOR = process.env.BENCH_API_FLOOR === '1';
const SERVER = FLOOR ? 'api-bench-floor-server.ts' : 'api-bench-server.ts';
const SERVER_NODE_ARGS = (process.env.BENCH_API_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

interface ServerMessage {
  readonly kind: string;
  readonly url?: string;
  readonly storePath?: string;
  readonly sequence?: number;
  readonly atMs?: number;
  readonly listeners?: number;
  readonly rssMiB?: number;
  readonly heapMiB?: number;
  readonly cpuMs?: number;
  readonly message?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The next message of `kind` from the server (after sending `command`, when given). */
function reply(server: ChildProcess, kind: string, command?: object): Promise<ServerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ServerMessage): void => {
      if (message.kind === 'failed') reject(new Error(`bench server: ${message.message}`));
      if (message.kind !== kind) return;
      server.off('message', onMessage);
      resolve(message);
    };
    server.on('message', onMessage);
    if (command !== undefined) server.send(command);
  });
}

/** CPU time the whole machine spent busy in processes, ms (Linux /proc/stat; null elsewhere). */
function machineBusyMs(): number | null {
  try {
    const fields = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .map(Number);
    // user nice system idle iowait irq softirq steal, in USER_HZ (100 per second) ticks. Interrupt
    // time is left out: the loopback traffic of the bench itself is counted there, not in its processes.
    const busy = [1, 2, 3, 8].reduce((sum, i) => sum + (fields[i] ?? 0), 0);
    return busy * 10;
  } catch {
    return null;
  }
}

const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function run(n: number): Promise<void> {
  const server = fork(path.join(import.meta.dirname, SERVER), [], {
    execArgv: ['--import', 'tsx', ...SERVER_NODE_ARGS],
  });
  const ready = await reply(server, 'ready');
  const connectStart = performance.now();
  const connect = CLIENT === 'ws' ? connectSubscribers : connectRawSubscribers;
  const subscribers = await connect(ready.url as string, n, CONNECT_CONCURRENCY);
  const connectMs = performance.now() - connectStart;
  const { connected } = subscribers;
  const listenDeadline = performance.now() + 60_000;
  let listeners = 0;
  while (performance.now() < listenDeadline) {
    listeners = (await reply(server, 'stats', { kind: 'stats' })).listeners ?? 0;
    if (listeners >= connected) break;
    await sleep(100);
  }
  const idle = await reply(server, 'stats', { kind: 'stats' });

  const profiling = process.env.BENCH_API_PROFILE !== undefined;
  if (profiling) await reply(server, 'profiled', { kind: 'profile', start: true });
  // Appends from this process reach the server's feed through the store file (its poll), not in-process.
  const writer =
    APPEND === 'separate' && ready.storePath !== undefined
      ? createSqliteEventStore({ path: ready.storePath })
      : null;
  const append = async (sequence: number): Promise<number> => {
    if (writer === null)
      return (await reply(server, 'appended', { kind: 'append', sequence })).atMs as number;
    const event = ledgerClosedEvent(sequence);
    const atMs = monotonicMs();
    await writer.appendToStream('bench', [event], 'any');
    return atMs;
  };
  const appended = new Map<number, number>();
  const phaseStart = { at: performance.now(), busy: machineBusyMs(), client: process.cpuUsage() };
  for (let sequence = 1; sequence <= WARMUP + EVENTS; sequence += 1) {
    appended.set(sequence, await append(sequence));
    await sleep(INTERVAL_MS);
  }
  const complete = (): boolean =>
    [...appended.keys()].every((s) => (subscribers.received.get(s)?.length ?? 0) >= connected);
  const deadline = performance.now() + 30_000;
  while (!complete() && performance.now() < deadline) await sleep(100);
  const after = await reply(server, 'stats', { kind: 'stats' });
  // CPU the rest of the machine used meanwhile (other processes): a busy machine slows both sides.
  const phaseMs = performance.now() - phaseStart.at;
  const clientCpu = process.cpuUsage(phaseStart.client);
  const serverCpuMs = (after.cpuMs ?? 0) - (idle.cpuMs ?? 0);
  const busy = machineBusyMs();
  const othersCpuPct =
    busy === null || phaseStart.busy === null
      ? null
      : Math.max(
          0,
          Math.round(
            ((busy - phaseStart.busy - serverCpuMs - (clientCpu.user + clientCpu.system) / 1000) /
              (phaseMs * os.availableParallelism())) *
              100,
          ),
        );
  if (profiling) await reply(server, 'profiled', { kind: 'profile', start: false });
  if (process.env.BENCH_API_HEAP !== undefined)
    await reply(server, 'heap', { kind: 'heap', file: path.resolve(process.env.BENCH_API_HEAP) });

  const latencies: number[] = [];
  const firsts: number[] = [];
  const spreads: number[] = [];
  let missing = 0;
  for (const [sequence, at] of appended) {
    if (sequence <= WARMUP) continue;
    const times = subscribers.received.get(sequence) ?? [];
    missing += n - times.length;
    if (times.length === 0) continue;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const t of times) {
      latencies.push(t - at);
      first = Math.min(first, t);
      last = Math.max(last, t);
    }
    firsts.push(first - at);
    spreads.push(last - first);
  }
  latencies.sort((a, b) => a - b);
  firsts.sort((a, b) => a - b);
  spreads.sort((a, b) => a - b);
  process.stdout.write(
    `${JSON.stringify({
      server: FLOOR ? 'floor: bare ws broadcast' : 'api',
      client: CLIENT,
      append: APPEND,
      subscribers: n,
      connected,
      liveAtStart: listeners,
      connectFailed: subscribers.failed,
      closedEarly: subscribers.closedEarly(),
      connectS: +(connectMs / 1000).toFixed(1),
      events: EVENTS,
      intervalMs: INTERVAL_MS,
      deliveries: latencies.length,
      missing,
      p50Ms: +percentile(latencies, 50).toFixed(1),
      p99Ms: +percentile(latencies, 99).toFixed(1),
      maxMs: +(latencies.at(-1) ?? Number.NaN).toFixed(1),
      firstMs: +percentile(firsts, 50).toFixed(1),
      spreadMs: +percentile(spreads, 50).toFixed(1),
      serverRssIdleMiB: idle.rssMiB,
      serverRssMiB: after.rssMiB,
      serverHeapMiB: after.heapMiB,
      serverCpuMsPerEvent: Math.round(serverCpuMs / (WARMUP + EVENTS)),
      clientCpuMsPerEvent: Math.round((clientCpu.user + clientCpu.system) / 1000 / (WARMUP + EVENTS)),
      othersCpuPct,
    })}\n`,
  );
  await writer?.close();
  subscribers.terminate();
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.send({ kind: 'close' });
  await exited;
}

for (const n of counts) await run(n);
