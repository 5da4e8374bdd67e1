/**
 * The floor the API bench is measured against (BENCH_API_FLOOR=1): a bare `ws` server on the same
 * machine, same process layout and same clients, that acknowledges `connection_init` and, for each
 * event, writes one pre-serialized `next` message (the bytes the API sends for the bench's
 * subscription) to every subscribed socket, the way the API's direct path writes it. No store, no
 * GraphQL: what is left is the cost of the websocket writes themselves (mostly the kernel's loopback
 * TCP, which also does the clients' receive work).
 */
import type { AddressInfo } from 'node:net';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';
import { eventCursor } from '../api/live/event-cursor.ts';
import { type DirectSocket, directSocketOf } from '../api/subscriptions/direct-delivery.ts';
import { frameSenderOf } from '../api/subscriptions/frame-sender.ts';
import { renderedPayload } from '../api/subscriptions/shared-render.ts';
import { monotonicMs } from './api-bench-events.ts';
import { serveBenchCommands } from './api-bench-ipc.ts';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, backlog: 4096 });
await new Promise((resolve) => server.once('listening', resolve));
const subscribed = new Map<WebSocket, ReturnType<typeof frameSenderOf>>();
server.on('connection', (socket) => {
  socket.on('error', () => undefined);
  socket.on('close', () => subscribed.delete(socket));
  socket.on('message', (raw) => {
    const type = (JSON.parse(raw.toString()) as { type?: string }).type;
    if (type === 'connection_init') socket.send('{"type":"connection_ack"}');
    if (type === 'subscribe') subscribed.set(socket, frameSenderOf(directSocketOf(socket) as DirectSocket));
  });
});

serveBenchCommands({
  url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
  async append(sequence) {
    const atMs = monotonicMs();
    const payload = { data: { ledgerClosed: { cursor: eventCursor(BigInt(sequence)), node: { sequence } } } };
    const rendered = renderedPayload(JSON.stringify(payload));
    for (const send of subscribed.values()) send(rendered, 'next', '1');
    return atMs;
  },
  subscribed: () => subscribed.size,
  async close() {
    for (const socket of subscribed.keys()) socket.terminate();
    await new Promise((resolve) => server.close(resolve));
  },
});
