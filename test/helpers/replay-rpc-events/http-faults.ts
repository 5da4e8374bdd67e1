import type { FastifyReply, FastifyRequest } from 'fastify';

/** A fault a replay server injects into one response. */
export type HttpFault =
  /** No fault: answers normally (to place a fault at the n-th request). */
  | { readonly kind: 'none' }
  /** An HTTP error status (a burst of 5xx is several of these). */
  | { readonly kind: 'status'; readonly status: number }
  /** 429 Too Many Requests with Retry-After in seconds. */
  | { readonly kind: 'rate-limit'; readonly retryAfterSeconds: number }
  /** The connection is closed before any response. */
  | { readonly kind: 'disconnect' }
  /** Headers announce the whole body; half of it is sent, then the connection is closed. */
  | { readonly kind: 'truncate' }
  /** Status 200 with a body that is not JSON. */
  | { readonly kind: 'malformed-json' }
  /** Headers and half the body, then silence for `ms`, then the connection is closed. */
  | { readonly kind: 'stall'; readonly ms: number }
  /** A well-formed answer whose first event (or record) carries XDR that does not decode. */
  | { readonly kind: 'malformed-xdr' };

/** Faults waiting for the next requests, in order. */
export interface FaultQueue {
  push(...faults: HttpFault[]): void;
  next(): HttpFault | undefined;
  readonly size: number;
}

export function createFaultQueue(): FaultQueue {
  const queue: HttpFault[] = [];
  return {
    push: (...faults) => {
      queue.push(...faults);
    },
    next: () => queue.shift(),
    get size() {
      return queue.length;
    },
  };
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `body` (JSON text) as the fault says, or normally when there is no fault (`malformed-xdr` is
 * applied by the caller before). Returns once the response is done or the connection is gone.
 */
export async function sendWithFault(
  request: FastifyRequest,
  reply: FastifyReply,
  body: string,
  fault: HttpFault | undefined,
): Promise<void> {
  switch (fault?.kind) {
    case 'status':
      return reply.code(fault.status).header('content-type', 'application/json').send('{"error":"injected"}');
    case 'rate-limit':
      return reply
        .code(429)
        .header('retry-after', String(fault.retryAfterSeconds))
        .header('content-type', 'application/json')
        .send('{"error":"rate limited"}');
    case 'malformed-json':
      return reply
        .code(200)
        .header('content-type', 'application/json')
        .send(`${body.slice(0, 40)}\u0000}{`);
    case 'disconnect':
      reply.hijack();
      request.raw.socket.destroy();
      return;
    case 'truncate':
    case 'stall': {
      reply.hijack();
      const bytes = Buffer.from(body);
      const raw = reply.raw;
      raw.writeHead(200, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
      raw.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      if (fault.kind === 'stall') await wait(fault.ms);
      request.raw.socket.destroy();
      return;
    }
    default:
      return reply.code(200).header('content-type', 'application/json').send(body);
  }
}
