import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, NewEvent } from '../../contracts/event-store.ts';
import { TRIGGERS_STREAM } from '../../contracts/events/trigger-fired.ts';
import { createSqliteEventStore } from '../../event-store/sqlite/create-sqlite-event-store.ts';
import { triggerFiredEvent } from '../helpers/trigger-firing.ts';

/** A fresh temp dir with an event store and a state-file path; `dispose` removes both. */
export function createWorkspace(): {
  dir: string;
  store: EventStore;
  statePath: string;
  dispose(): Promise<void>;
} {
  const dir = mkdtempSync(join(tmpdir(), 'deliver-'));
  const store = createSqliteEventStore({ path: join(dir, 'events.db') });
  return {
    dir,
    store,
    statePath: join(dir, 'triggers-state.db'),
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TriggerFired as the engine would append it, delivered to `deliver`. */
export const firing = (rule: string, ledger: number, deliver: readonly string[]): NewEvent =>
  triggerFiredEvent(rule, ledger, { data: { deliver } });

export async function appendFirings(store: EventStore, events: readonly NewEvent[]): Promise<void> {
  await store.appendToStream(TRIGGERS_STREAM, events, 'any');
}

export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body as received (what a receiver verifies the signature over). */
  readonly body: string;
}

/** A real HTTP receiver on 127.0.0.1; `respond` picks each answer (status, or 'hang' for no answer). */
export async function startReceiver(
  respond: (request: ReceivedRequest, index: number) => number | 'hang' = () => 200,
): Promise<{ url: string; port: number; requests: ReceivedRequest[]; close(): Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: ReceivedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(request);
      const answer = respond(request, requests.length - 1);
      if (answer === 'hang') return;
      res.writeHead(answer, { 'content-type': 'text/plain' });
      res.end(answer >= 300 ? `status ${answer} from the test receiver` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const SECRET = 'test-secret-0123456789abcdef';
