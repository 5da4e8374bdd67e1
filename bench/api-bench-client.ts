import WebSocket from 'ws';
import { connectPaced, monotonicMs } from './api-bench-events.ts';

const QUERY = 'subscription { ledgerClosed { cursor node { sequence } } }';

export interface BenchSubscribers {
  /** Subscribers whose `subscribe` message went out. */
  readonly connected: number;
  /** Connections that failed to open, be acknowledged or subscribe. */
  readonly failed: number;
  /** Sockets closed by the server (or reset) before the bench ended. */
  readonly closedEarly: () => number;
  /** Receipt times (monotonic ms) per ledger sequence, one per subscriber that got it. */
  readonly received: Map<number, number[]>;
  terminate(): void;
}

/**
 * `count` graphql-transport-ws subscribers of `ledgerClosed` on the `ws` client, connected
 * `concurrency` at a time (a connection counts once its `subscribe` message is sent). Each records
 * when each item arrived (when `ws` emitted it, before parsing it).
 */
export async function connectSubscribers(
  url: string,
  count: number,
  concurrency: number,
): Promise<BenchSubscribers> {
  const received = new Map<number, number[]>();
  const sockets: WebSocket[] = [];
  let failed = 0;
  let closedEarly = 0;
  let ending = false;

  const connectOne = async (): Promise<void> => {
    const socket = new WebSocket(url, 'graphql-transport-ws', { perMessageDeflate: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
    } catch {
      failed += 1;
      return;
    }
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (!ending) closedEarly += 1;
    });
    const acked = new Promise<boolean>((resolve) => {
      socket.once('close', () => resolve(false));
      socket.on('message', (raw: Buffer) => {
        const at = monotonicMs();
        const message = JSON.parse(raw.toString()) as {
          type: string;
          payload?: { data?: { ledgerClosed?: { node: { sequence: number } } } };
        };
        if (message.type === 'connection_ack') resolve(true);
        const item = message.payload?.data?.ledgerClosed;
        if (item === undefined) return;
        let times = received.get(item.node.sequence);
        if (times === undefined) {
          times = [];
          received.set(item.node.sequence, times);
        }
        times.push(at);
      });
    });
    socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
    if (!(await acked)) {
      failed += 1;
      return;
    }
    socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: QUERY } }));
    sockets.push(socket);
  };

  await connectPaced(count, concurrency, connectOne);
  return {
    connected: sockets.length,
    failed,
    closedEarly: () => closedEarly,
    received,
    terminate() {
      ending = true;
      for (const s of sockets) s.terminate();
    },
  };
}
