import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEventStore } from '../../event-store/open-event-store.ts';
import { PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { loadReplayLedgers, type ReplayLedger } from '../helpers/replay/fixture-ledgers.ts';
import { writeFixtureLake } from '../helpers/replay/lake-layout.ts';
import { startLakeReplayServer } from '../helpers/replay/lake-replay-server.ts';
import { startRpcReplayServer } from '../helpers/replay/rpc-replay-server.ts';
import { lastJsonLine, runCli, startCli } from '../helpers/run-cli.ts';
import { snapshotStore } from '../helpers/store-snapshot.ts';
import { baseline, expectSameFacts, FIRST, useTempDirs } from './helpers.ts';

const newTempDir = useTempDirs();
const TO = FIRST + 7;
let ledgers: ReplayLedger[];

beforeAll(async () => {
  ledgers = (await loadReplayLedgers(PUBNET_P26_DIR())).slice(0, 8);
});

async function checkpointOf(db: string): Promise<number | null> {
  if (!fs.existsSync(db)) return null;
  const store = await openEventStore(`sqlite:${db}`);
  try {
    return (await store.readCheckpoint('ingest:pubnet'))?.ledger ?? null;
  } finally {
    await store.close();
  }
}

/** Waits until the store's checkpoint reaches `ledger` (or the process ends). */
async function waitForCheckpoint(
  db: string,
  ledger: number,
  child: { exitCode: number | null },
): Promise<void> {
  for (;;) {
    await new Promise((r) => setTimeout(r, 25));
    const at = await checkpointOf(db).catch(() => null);
    if (at !== null && at >= ledger) return;
    if (child.exitCode !== null)
      throw new Error(`ingest ended (code ${child.exitCode}) before ledger ${ledger}`);
  }
}

describe('stellar-indexer ingest with remote sources, killed at any moment', () => {
  it('resumes a data lake over HTTP after kill -9 with no gap and no duplicate', async () => {
    const dir = await newTempDir();
    const root = path.join(dir, 'lake');
    fs.mkdirSync(root);
    await writeFixtureLake(root, ledgers);
    const lake = await startLakeReplayServer(root, { delayMs: 150 });
    try {
      const db = path.join(dir, 'events.db');
      const args = [
        'ingest',
        '--source',
        lake.url,
        '--network',
        'pubnet',
        '--from',
        String(FIRST),
        '--store',
        `sqlite:${db}`,
      ];
      const { child, done } = startCli([...args, '--commit-ledgers', '1', '--parallel', '2'], dir);
      await waitForCheckpoint(db, FIRST + 2, child);
      child.kill('SIGKILL');
      expect((await done).signal).toBe('SIGKILL');
      const killedAt = (await checkpointOf(db)) as number;
      expect(killedAt).toBeLessThan(TO);
      const rerun = await runCli([...args, '--commit-ledgers', '1', '--parallel', '2', '--json'], dir);
      expect(rerun.code).toBe(0);
      expect(lastJsonLine(rerun.stdout)).toMatchObject({ fromLedger: killedAt + 1, toLedger: TO });
      expectSameFacts(await snapshotStore(`sqlite:${db}`), await baseline(dir, FIRST, TO));
    } finally {
      await lake.close();
    }
  });

  it('resumes an RPC --follow run after kill -9, keeps following, and stops cleanly on SIGINT', async () => {
    const dir = await newTempDir();
    const rpc = await startRpcReplayServer({ ledgers, oldest: FIRST, latest: FIRST + 3 });
    try {
      const db = path.join(dir, 'events.db');
      const args = ['ingest', '--source', `rpc:${rpc.url}`, '--network', 'pubnet', '--from', String(FIRST)];
      const command = [...args, '--store', `sqlite:${db}`, '--follow', '--poll-ms', '50'];
      const first = startCli(command, dir);
      await waitForCheckpoint(db, FIRST + 2, first.child);
      first.child.kill('SIGKILL');
      expect((await first.done).signal).toBe('SIGKILL');
      rpc.tick(150);
      const second = startCli(command, dir);
      await waitForCheckpoint(db, TO, second.child);
      second.child.kill('SIGINT');
      const result = await second.done;
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('CLI_ERR_INTERRUPTED');
      expectSameFacts(await snapshotStore(`sqlite:${db}`), await baseline(dir, FIRST, TO));
    } finally {
      await rpc.close();
    }
  });

  it('says INGEST_ERR_RETENTION on stderr when RPC no longer keeps the start, and refuses --follow without RPC', async () => {
    const dir = await newTempDir();
    const rpc = await startRpcReplayServer({ ledgers, oldest: FIRST + 4, latest: TO });
    try {
      const db = `sqlite:${path.join(dir, 'events.db')}`;
      const old = await runCli(
        [
          'ingest',
          '--source',
          `rpc:${rpc.url}`,
          '--network',
          'pubnet',
          '--from',
          String(FIRST),
          '--store',
          db,
        ],
        dir,
      );
      expect(old.code).toBe(1);
      expect(old.stderr).toMatch(
        /^INGEST_ERR_RETENTION: Ledger 63092982 is older than the oldest ledger 63092986 /m,
      );
      expect(old.stderr).toContain(`source=rpc:${rpc.url}`);
      const follow = await runCli(
        ['ingest', '--source', PUBNET_P26_DIR(), '--network', 'pubnet', '--follow', '--store', db],
        dir,
      );
      expect(follow.code).toBe(1);
      expect(follow.stderr).toMatch(/^INGEST_ERR_REMOTE_URI: --follow needs an rpc: source/m);
    } finally {
      await rpc.close();
    }
  });
});
