/**
 * The IPC side of a bench server process (`api-bench-server.ts`, `api-bench-floor-server.ts`), as
 * `api-subscriptions.bench.ts` drives it.
 *
 * Messages in: {kind: 'append', sequence}, {kind: 'stats'}, {kind: 'profile', start},
 * {kind: 'heap', file}, {kind: 'close'}.
 * Messages out: {kind: 'ready', url}, {kind: 'appended', sequence, atMs}, {kind: 'stats', …},
 * {kind: 'profiled'}, {kind: 'heap', file}, {kind: 'failed', message}.
 */
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import v8 from 'node:v8';

type Command =
  | { readonly kind: 'append'; readonly sequence: number }
  | { readonly kind: 'profile'; readonly start: boolean }
  | { readonly kind: 'stats' }
  | { readonly kind: 'heap'; readonly file: string }
  | { readonly kind: 'close' };

export interface BenchServer {
  readonly url: string;
  /** The SQLite store the server's feed follows, for appends made by another process. */
  readonly storePath?: string;
  /** Appends (or publishes) the event of ledger `sequence`; resolves with when that began (monotonic ms). */
  append(sequence: number): Promise<number>;
  /** Subscribers ready to receive live events. */
  subscribed(): number;
  close(): Promise<void>;
}

const send = (message: object): void => {
  process.send?.(message);
};

/** Answers the bench's commands for `server`, then tells the bench it is ready. */
export function serveBenchCommands(server: BenchServer): void {
  const cpuAtStart = process.cpuUsage();
  // With BENCH_API_PROFILE=dir, the CPU profile of the events phase only is written there.
  const profileDir = process.env.BENCH_API_PROFILE;
  const inspector = profileDir === undefined ? null : new Session();
  const profile = async (start: boolean): Promise<void> => {
    if (inspector !== null && profileDir !== undefined) {
      if (start) {
        inspector.connect();
        await inspector.post('Profiler.enable');
        await inspector.post('Profiler.start');
      } else {
        const { profile } = await inspector.post('Profiler.stop');
        fs.mkdirSync(profileDir, { recursive: true });
        fs.writeFileSync(path.join(profileDir, `server-${process.pid}.cpuprofile`), JSON.stringify(profile));
      }
    }
    send({ kind: 'profiled' });
  };

  process.on('message', (command: Command) => {
    if (command.kind === 'append') {
      server.append(command.sequence).then(
        (atMs) => send({ kind: 'appended', sequence: command.sequence, atMs }),
        (error: unknown) => send({ kind: 'failed', message: String(error) }),
      );
    } else if (command.kind === 'stats') {
      const cpu = process.cpuUsage(cpuAtStart);
      const memory = process.memoryUsage();
      send({
        kind: 'stats',
        listeners: server.subscribed(),
        rssMiB: Math.round(memory.rss / 2 ** 20),
        heapMiB: Math.round(memory.heapUsed / 2 ** 20),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      });
    } else if (command.kind === 'heap') {
      send({ kind: 'heap', file: v8.writeHeapSnapshot(command.file) });
    } else if (command.kind === 'profile') {
      void profile(command.start);
    } else if (command.kind === 'close') {
      void server.close().then(() => process.exit(0));
    }
  });
  send({ kind: 'ready', url: server.url, storePath: server.storePath });
}
