import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { Fault } from './faults.ts';

/**
 * Sends `body` with status 200, or applies a transport-level fault: disconnect, stall, truncate,
 * 429, 5xx, malformed JSON. Content-level faults (corrupt base64/XDR) are applied by the server
 * before calling this; they are ignored here. Stalled responses are kept in `open` so the server can
 * end them when it closes.
 */
export function sendBody(
  reply: FastifyReply,
  body: Uint8Array,
  contentType: string,
  fault: Fault | undefined,
  open: Set<ServerResponse>,
): void {
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  switch (fault?.kind) {
    case 'rate-limit':
      reply
        .code(429)
        .header('retry-after', String(fault.retryAfterSeconds))
        .type('text/plain')
        .send('Too Many Requests');
      return;
    case 'server-error':
      reply.code(fault.status).type('text/plain').send('Service Unavailable');
      return;
    case 'malformed-json':
      reply.code(200).type(contentType).send('{"jsonrpc":"2.0","id":1,"result":{"ledgers":[{"seq');
      return;
    case 'truncate':
      reply
        .code(200)
        .type(contentType)
        .send(bytes.subarray(0, Math.floor(bytes.length / 2)));
      return;
    case 'disconnect':
    case 'stall': {
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, { 'content-type': contentType, 'content-length': String(bytes.length) });
      const half = bytes.subarray(0, Math.max(1, Math.floor(bytes.length / 2)));
      if (fault.kind === 'disconnect') {
        raw.write(half, () => raw.socket?.destroy());
      } else {
        open.add(raw);
        raw.on('close', () => open.delete(raw));
        raw.write(half);
      }
      return;
    }
    default:
      reply.code(200).type(contentType).send(bytes);
  }
}
