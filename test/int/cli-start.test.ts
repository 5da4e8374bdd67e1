import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LedgerClosed } from '../../contracts/events/index.ts';
import { createSqliteEventStore } from '../../event-store/sqlite/create-sqlite-event-store.ts';
import { PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { startCli } from '../helpers/run-cli.ts';
import { freePort, waitForHttp } from '../helpers/wait-for-http.ts';

const LAST = 63093001;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-start-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function graphql(base: string, query: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (body.errors !== undefined) throw new Error(JSON.stringify(body.errors));
  return body.data ?? {};
}

describe('stellar-indexer start', () => {
  it('ingests, projects and serves in one process until stopped, on the fixture ledgers offline', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const storePath = path.join(dir, 'events.db');
    const run = startCli(
      [
        'start',
        '--source',
        PUBNET_P26_DIR(),
        '--network',
        'pubnet',
        '--store',
        `sqlite:${storePath}`,
        '--clickhouse',
        `chdb:${path.join(dir, 'clickhouse')}`,
        '--port',
        String(port),
        '--public',
        '--keys',
        path.join(dir, 'keys.db'),
      ],
      dir,
    );
    try {
      await waitForHttp(`${base}/healthz`, 60_000);
      let meta: { ingestedLedger: number | null; projectedLedger: number | null } = {
        ingestedLedger: null,
        projectedLedger: null,
      };
      const deadline = Date.now() + 180_000;
      while (meta.projectedLedger !== LAST && Date.now() < deadline) {
        meta = (await graphql(base, '{ _meta { ingestedLedger projectedLedger } }'))._meta as typeof meta;
        if (meta.projectedLedger !== LAST) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(meta).toEqual({ ingestedLedger: LAST, projectedLedger: LAST });

      // What the API serves is what the pipeline stored.
      const store = createSqliteEventStore({ path: storePath });
      let stored: LedgerClosed | null = null;
      for await (const e of store.readAll({ types: ['LedgerClosed'] }))
        if (e.ledger === LAST) stored = e.payload as LedgerClosed;
      await store.close();
      const served = (await graphql(base, `{ ledger(sequence: ${LAST}) { sequence hash transactionCount } }`))
        .ledger as { sequence: number; hash: string; transactionCount: number };
      expect(served.sequence).toBe(LAST);
      expect(served.hash).toBe(stored?.data.hash);
      expect(served.transactionCount).toBe(stored?.data.transactionCount);
    } finally {
      run.child.kill('SIGTERM');
    }
    const result = await run.done;
    expect(result.code).toBe(0);
    expect(result.stderr).not.toMatch(/CLI_ERR_INTERNAL/);
  }, 240_000);
});
