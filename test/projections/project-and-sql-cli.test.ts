import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickHouseConnector } from '../../projections/clickhouse/connector.ts';
import { ALL_PROJECTIONS } from '../../projections/read-models/index.ts';
import { PUBNET_P26_DIR } from '../helpers/fixtures.ts';
import { lastJsonLine, runCli } from '../helpers/run-cli.ts';
import { fixtureLedgers, writeFixtureStore } from './helpers/fixture-store.ts';

const FIRST = 63092982;
const LEDGERS = 4;
let dir: string;
let head: string;
let chdb: string;

type Summary = {
  projections: Record<
    string,
    { position: string; rows: number; written: number; generation: number; status: string; lagEvents: number }
  >;
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'projection-cli-'));
  const ledgers = (await fixtureLedgers()).slice(0, LEDGERS);
  head = String(ledgers.reduce((n, l) => n + l.events.length, 0));
  await writeFixtureStore(path.join(dir, 'events.db'), ledgers);
  chdb = `chdb:${path.join(dir, 'clickhouse')}`;
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('stellar-indexer project and sql', () => {
  let first: Summary;

  it('project --once --json builds every read model', async () => {
    const result = await runCli(
      ['project', '--store', 'sqlite:events.db', '--clickhouse', chdb, '--json'],
      dir,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    first = lastJsonLine(result.stdout) as Summary;
    expect(Object.keys(first.projections).sort()).toEqual(ALL_PROJECTIONS.map((p) => p.name).sort());
    for (const s of Object.values(first.projections)) {
      expect(s).toMatchObject({ position: head, generation: 1, status: 'live', lagEvents: 0 });
      expect(s.written).toBe(s.rows);
    }
    expect(first.projections.trades?.rows).toBeGreaterThan(0);
  });

  it('sql prints JSONEachRow with 128-bit amounts as exact strings', async () => {
    const select = await runCli(
      [
        'sql',
        '--clickhouse',
        chdb,
        `SELECT toString(sum(base_volume)) AS text, sum(base_volume) AS volume,
           (SELECT count() FROM trades) AS trades
         FROM candles -- the trailing comment and semicolon are dropped;`,
      ],
      dir,
    );
    expect(select.stderr).toBe('');
    expect(select.code).toBe(0);
    const rows = select.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows.length).toBe(1);
    expect(typeof rows[0]?.volume).toBe('string');
    expect(rows[0]?.volume).toBe(rows[0]?.text);
    expect(BigInt(rows[0]?.volume as string)).toBeGreaterThan(0n);
    expect(rows[0]?.trades).toBe(String(first.projections.trades?.rows));
  });

  it('a refused statement, a bad ClickHouse URI or option is one typed line on stderr, without the password', async () => {
    const cases: [string[], number, RegExp][] = [
      // Refused before ClickHouse is opened (every other form: sql-read-only-guard.test.ts).
      [
        ['sql', '--clickhouse', chdb, 'SELECT 1; DROP TABLE trades'],
        1,
        /^PROJ_ERR_SQL_REFUSED: refused: only one statement is allowed/,
      ],
      [
        ['project', '--clickhouse', 'foo://x'],
        1,
        /^PROJ_ERR_BAD_URI: ClickHouse URI "foo:\/\/x" is not accepted/,
      ],
      [
        ['sql', '--clickhouse', 'http://default:s3cret@127.0.0.1:1/db', 'SELECT 1'],
        1,
        /^PROJ_ERR_CLICKHOUSE_UNAVAILABLE: cannot reach ClickHouse at http:\/\/default:\*\*\*@127\.0\.0\.1:1\/db \(ECONNREFUSED\)/,
      ],
      [
        ['project', '--rebuild', 'nosuch'],
        2,
        /^CLI_ERR_BAD_OPTION: project: --rebuild nosuch: no such read model/,
      ],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(args, dir)));
    for (const [i, [args, code, stderr]] of cases.entries()) {
      const result = results[i] as Awaited<ReturnType<typeof runCli>>;
      expect({ args, code: result.code }).toEqual({ args, code });
      expect(result.stderr).toMatch(stderr);
      expect(result.stderr).not.toContain('s3cret');
      expect(result.stderr.trim().split('\n').length).toBe(1);
    }
  });

  it('a chDB directory held by another process is reported as in use', async () => {
    const connector = createClickHouseConnector();
    const holder = await connector.open(chdb);
    try {
      const result = await runCli(['sql', '--clickhouse', chdb, 'SELECT 1'], dir);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n').pop()).toMatch(/^PROJ_ERR_CHDB_LOCKED: cannot open chDB at /);
    } finally {
      await holder.release();
      await connector.close();
    }
  });

  it('ingest --project ingests and projects in one process', async () => {
    const result = await runCli(
      [
        'ingest',
        '--source',
        PUBNET_P26_DIR(),
        '--network',
        'pubnet',
        '--to',
        String(FIRST + LEDGERS - 1),
        '--store',
        'sqlite:one-command.db',
        '--project',
        '--clickhouse',
        `chdb:${path.join(dir, 'one-command')}`,
        '--json',
      ],
      dir,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = lastJsonLine(result.stdout) as Summary & { ledgers: number };
    expect(summary.ledgers).toBe(LEDGERS);
    for (const [name, s] of Object.entries(first.projections)) {
      expect({ name, ...summary.projections[name] }).toMatchObject({ name, position: head, rows: s.rows });
    }
  });
});
