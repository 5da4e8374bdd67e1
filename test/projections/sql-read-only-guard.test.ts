import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkReadOnlySql } from '../../projections/clickhouse/read-only-sql.ts';
import { createTestClickHouse } from './helpers/test-clickhouse.ts';

describe('sql read-only guard (before ClickHouse)', () => {
  it.each([
    ['SELECT 1', 'SELECT 1'],
    ['  select 1;  ', 'select 1'],
    ['SELECT 1; -- a trailing comment', 'SELECT 1'],
    ['WITH x AS (SELECT 1 AS a) SELECT a FROM x', 'WITH x AS (SELECT 1 AS a) SELECT a FROM x'],
    ['(SELECT 1)', '(SELECT 1)'],
    ['SHOW TABLES', 'SHOW TABLES'],
    ['DESCRIBE TABLE trades', 'DESCRIBE TABLE trades'],
    ['DESC trades', 'DESC trades'],
    ['EXPLAIN SELECT 1', 'EXPLAIN SELECT 1'],
    [
      "SELECT ';' AS s, 'it''s; fine' AS t, 'a\\'; DROP' AS u",
      "SELECT ';' AS s, 'it''s; fine' AS t, 'a\\'; DROP' AS u",
    ],
    ['SELECT `odd;name` FROM t', 'SELECT `odd;name` FROM t'],
    ['SELECT 1 -- ; DROP TABLE t', 'SELECT 1 -- ; DROP TABLE t'],
    ['SELECT /* ; */ 1', 'SELECT /* ; */ 1'],
  ])('accepts %j', (sql, statement) => {
    expect(checkReadOnlySql(sql)).toBe(statement);
  });

  it.each([
    ['DROP TABLE trades', 'DROP statements are not allowed'],
    ['drop table trades', 'DROP statements are not allowed'],
    ['INSERT INTO trades SELECT * FROM trades', 'INSERT statements are not allowed'],
    ['ALTER TABLE trades DELETE WHERE 1', 'ALTER statements are not allowed'],
    ['TRUNCATE TABLE trades', 'TRUNCATE statements are not allowed'],
    ['CREATE TABLE x (a UInt8) ENGINE = Memory', 'CREATE statements are not allowed'],
    ['SET readonly = 0', 'SET statements are not allowed'],
    ['OPTIMIZE TABLE trades FINAL', 'OPTIMIZE statements are not allowed'],
    ['SYSTEM DROP DNS CACHE', 'SYSTEM statements are not allowed'],
    ['/* SELECT */ DROP TABLE trades', 'DROP statements are not allowed'],
    ['SELECT 1; DROP TABLE trades', 'only one statement is allowed, got 2'],
    ['SELECT 1; SELECT 2', 'only one statement is allowed, got 2'],
    ['SELECT 1 /* ; */; ALTER TABLE t DELETE WHERE 1', 'only one statement is allowed, got 2'],
    // Forms ClickHouse may read differently (# comments, nested block comments) count as code here.
    ['SELECT 1 # ; DROP TABLE t', 'only one statement is allowed'],
    ['SELECT 1 /* /* */ ; DROP TABLE t */', 'only one statement is allowed'],
    ["SELECT 1 INTO OUTFILE '/tmp/out.json'", 'INTO OUTFILE writes a file'],
    ["SELECT 'unterminated", 'unterminated string'],
    ['SELECT 1 /* open', 'unterminated block comment'],
    ['', 'the SQL is empty'],
    [';  -- nothing', 'the SQL is empty'],
    ["'x' SELECT 1", 'does not start with a keyword'],
  ])('refuses %j', (sql, why) => {
    expect(() => checkReadOnlySql(sql)).toThrowError(
      expect.objectContaining({ code: 'PROJ_ERR_SQL_REFUSED' }),
    );
    expect(() => checkReadOnlySql(sql)).toThrowError(why);
  });
});

describe('sql read-only guard (in ClickHouse, readonly=1)', () => {
  it('a read-only handle reads exact values and ClickHouse itself refuses writes and file access', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'projection-readonly-'));
    const test = await createTestClickHouse(dir);
    try {
      const writer = await test.open();
      await writer.command('CREATE TABLE amounts (a Int128, b UInt64) ENGINE = MergeTree ORDER BY a');
      await writer.command(
        "INSERT INTO amounts VALUES (toInt128('-170141183460469231731687303715884105728'), 18446744073709551615)",
      );
      const reader = await test.connector.open(test.uri, { readOnly: true });
      // Twice: the second statement of a read-only chDB session must not try to change settings.
      for (let i = 0; i < 2; i++) {
        const lines: string[] = [];
        for await (const line of reader.lines('SELECT a, b FROM amounts')) lines.push(line);
        expect(lines).toEqual([
          '{"a":"-170141183460469231731687303715884105728","b":"18446744073709551615"}',
        ]);
      }
      // Statements that slip past the first guard are refused by ClickHouse.
      await expect(reader.query('INSERT INTO amounts SELECT * FROM amounts')).rejects.toMatchObject({
        code: 'PROJ_ERR_SQL_REFUSED',
      });
      await expect(reader.query('CREATE TABLE sneaky (a UInt8) ENGINE = Memory')).rejects.toMatchObject({
        code: 'PROJ_ERR_SQL_REFUSED',
      });
      if (reader.kind === 'chdb') {
        await expect(
          reader.query("SELECT * FROM file('/etc/hostname', 'LineAsString')"),
        ).rejects.toMatchObject({
          code: 'PROJ_ERR_SQL_REFUSED',
        });
      }
      await expect(reader.command('DROP TABLE amounts')).rejects.toMatchObject({
        code: 'PROJ_ERR_SQL_REFUSED',
      });
      // The writer's session is not affected by the reader's readonly=1.
      await writer.command('INSERT INTO amounts VALUES (1, 1)');
      expect(await writer.query('SELECT count() AS n FROM amounts')).toEqual([{ n: '2' }]);
      await reader.release();
      await writer.release();
    } finally {
      await test.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
