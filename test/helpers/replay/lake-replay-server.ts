import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';
import Fastify from 'fastify';
import { parseObjectName } from '../../../ingest/sources/galexie-names.ts';
import { createFaultInjector, type FaultInjector } from './faults.ts';
import { sendBody } from './send-body.ts';

export interface LakeReplayServer {
  /** `http://127.0.0.1:PORT/lake`: the lake's root URL. */
  readonly url: string;
  readonly faults: FaultInjector;
  /** Paths requested, in order. */
  readonly requests: string[];
  /** Most object requests in flight at the same time so far. */
  readonly maxInFlight: () => number;
  close(): Promise<void>;
}

function damaged(bytes: Buffer): Buffer {
  const copy = Buffer.from(bytes);
  // Break the zstd frame header: the object no longer decompresses.
  for (let i = 0; i < Math.min(16, copy.length); i++) copy[i] = (copy[i] ?? 0) ^ 0x5a;
  return copy;
}

/**
 * Serves the folder `root` as a data lake over HTTP on 127.0.0.1 (fastify): GET `/lake/<key>` is
 * the file, 404 when it does not exist. Faults are injected per request; `ledger` in the request
 * info is the first ledger of the object named in the path.
 */
export async function startLakeReplayServer(
  root: string,
  options: { delayMs?: number } = {},
): Promise<LakeReplayServer> {
  const faults = createFaultInjector();
  const requests: string[] = [];
  const open = new Set<ServerResponse>();
  const base = path.resolve(root);
  let inFlight = 0;
  let maxInFlight = 0;
  const app = Fastify({ forceCloseConnections: true });
  app.get('/lake/*', async (request, reply) => {
    const key = decodeURIComponent((request.params as { '*': string })['*']);
    requests.push(key);
    const file = path.resolve(base, key);
    if (!file.startsWith(`${base}${path.sep}`)) return reply.code(404).send('not found');
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (options.delayMs !== undefined) await new Promise((r) => setTimeout(r, options.delayMs));
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch {
        return reply.code(404).type('text/plain').send('NoSuchKey');
      }
      const ledger = parseObjectName(path.basename(key))?.start;
      const fault = faults.take({ path: key, ledger });
      sendBody(
        reply,
        fault?.kind === 'corrupt-xdr' ? damaged(bytes) : bytes,
        'application/octet-stream',
        fault,
        open,
      );
      return reply;
    } finally {
      inFlight--;
    }
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url: `${address}/lake`,
    faults,
    requests,
    maxInFlight: () => maxInFlight,
    async close() {
      for (const res of open) res.destroy();
      await app.close();
    },
  };
}
