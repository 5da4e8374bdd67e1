import crypto from 'node:crypto';
import net from 'node:net';
import type { BenchSubscribers } from './api-bench-client.ts';
import { connectPaced, monotonicMs } from './api-bench-events.ts';

const QUERY = 'subscription { ledgerClosed { cursor node { sequence } } }';
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const SEQUENCE = Buffer.from('"sequence":');
const ACK = Buffer.from('"connection_ack"');

/** A client→server text frame (masked, as RFC 6455 requires of clients). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x81, 0x80 | length])
      : Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff]);
  const mask = crypto.randomBytes(4);
  for (let i = 0; i < length; i += 1) payload[i] = (payload[i] as number) ^ (mask[i % 4] as number);
  return Buffer.concat([header, mask, payload]);
}

/** The ledger sequence in a `next` message of the bench's subscription, or null. */
function sequenceOf(message: Buffer): number | null {
  const at = message.indexOf(SEQUENCE);
  if (at < 0) return null;
  let n = 0;
  for (let i = at + SEQUENCE.length; i < message.length; i += 1) {
    const digit = (message[i] as number) - 48;
    if (digit < 0 || digit > 9) break;
    n = n * 10 + digit;
  }
  return n;
}

/**
 * The same subscribers as the `ws` client, on a minimal WebSocket client over `net`: an HTTP upgrade
 * (accept key checked), masked text frames out, and unmasked frames in parsed straight from the
 * socket's chunks. A chunk's receipt time is taken when it arrives, before any parsing; the items
 * are recognized by their `"sequence":` field. It spends a fraction of the CPU of `ws` + JSON.parse
 * per message, which matters on a machine where the clients share the cores with the server.
 */
export async function connectRawSubscribers(
  url: string,
  count: number,
  concurrency: number,
): Promise<BenchSubscribers> {
  const { hostname, port, pathname } = new URL(url);
  const received = new Map<number, number[]>();
  const sockets: net.Socket[] = [];
  let failed = 0;
  let closedEarly = 0;
  let ending = false;

  const record = (message: Buffer, at: number): void => {
    const sequence = sequenceOf(message);
    if (sequence === null) return;
    let times = received.get(sequence);
    if (times === undefined) {
      times = [];
      received.set(sequence, times);
    }
    times.push(at);
  };

  // One read buffer for every socket (onread hands each chunk over synchronously, without streams).
  const readBuffer = Buffer.alloc(64 * 1024);
  const connectOne = (): Promise<void> =>
    new Promise<void>((resolve) => {
      const key = crypto.randomBytes(16).toString('base64');
      const accept = crypto
        .createHash('sha1')
        .update(key + GUID)
        .digest('base64');
      const socket = net.connect({
        host: hostname,
        port: Number(port),
        onread: {
          buffer: readBuffer,
          callback: (bytes: number, buffer: Uint8Array) => {
            onData(Buffer.from(buffer.buffer, buffer.byteOffset, bytes));
            return true;
          },
        },
      });
      socket.setNoDelay(true);
      let handshaken = false;
      let acked = false;
      let settled = false;
      let rest: Buffer | null = null;
      const settle = (ok: boolean): void => {
        if (settled) return;
        settled = true;
        if (ok) sockets.push(socket);
        else {
          failed += 1;
          socket.destroy();
        }
        resolve();
      };
      socket.on('error', () => settle(false));
      socket.on('close', () => {
        if (settled && !ending) closedEarly += 1;
        settle(false);
      });
      socket.on('connect', () => {
        socket.write(
          `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n`,
        );
      });
      const onData = (chunk: Buffer): void => {
        const at = monotonicMs();
        let data = rest === null ? chunk : Buffer.concat([rest, chunk]);
        rest = null;
        if (!handshaken) {
          const end = data.indexOf('\r\n\r\n');
          if (end < 0) {
            rest = Buffer.from(data);
            return;
          }
          const head = data.subarray(0, end).toString('latin1');
          if (!head.startsWith('HTTP/1.1 101') || !head.includes(accept)) {
            settle(false);
            return;
          }
          handshaken = true;
          data = data.subarray(end + 4);
          socket.write(textFrame(JSON.stringify({ type: 'connection_init', payload: {} })));
        }
        let offset = 0;
        while (data.length - offset >= 2) {
          const opcode = (data[offset] as number) & 0x0f;
          let length = (data[offset + 1] as number) & 0x7f;
          let start = offset + 2;
          if (length === 126) {
            if (data.length - offset < 4) break;
            length = data.readUInt16BE(offset + 2);
            start = offset + 4;
          } else if (length === 127) {
            if (data.length - offset < 10) break;
            length = Number(data.readBigUInt64BE(offset + 2));
            start = offset + 10;
          }
          if (data.length < start + length) break;
          const message = data.subarray(start, start + length);
          offset = start + length;
          if (opcode === 0x8) {
            socket.destroy();
            return;
          }
          if (opcode !== 0x1) continue;
          if (!acked) {
            if (message.indexOf(ACK) < 0) continue;
            acked = true;
            socket.write(
              textFrame(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: QUERY } })),
            );
            settle(true);
            continue;
          }
          record(message, at);
        }
        // The read buffer is reused: keep a copy of a partial frame.
        if (offset < data.length) rest = Buffer.from(data.subarray(offset));
      };
    });

  await connectPaced(count, concurrency, connectOne);
  return {
    connected: sockets.length,
    failed,
    closedEarly: () => closedEarly,
    received,
    terminate() {
      ending = true;
      for (const s of sockets) s.destroy();
    },
  };
}
