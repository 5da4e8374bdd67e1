import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CLICKHOUSE_URI,
  parseClickHouseUri,
  resolveClickHouseUri,
} from '../../projections/clickhouse/clickhouse-uri.ts';

describe('ClickHouse URIs', () => {
  it('reads chdb:PATH relative to the working directory and http(s) URLs with user, password and database', () => {
    expect(parseClickHouseUri('chdb:.data/clickhouse', '/srv/indexer')).toEqual({
      kind: 'chdb',
      path: '/srv/indexer/.data/clickhouse',
      display: 'chdb:/srv/indexer/.data/clickhouse',
    });
    expect(parseClickHouseUri('https://reader:p%40ss@ch.example.com:8443/stellar')).toEqual({
      kind: 'server',
      url: 'https://ch.example.com:8443',
      username: 'reader',
      password: 'p@ss',
      database: 'stellar',
      display: 'https://reader:***@ch.example.com:8443/stellar',
    });
    expect(parseClickHouseUri('http://localhost:8123')).toMatchObject({
      username: 'default',
      password: '',
      database: 'default',
    });
  });

  it('picks the option, then CLICKHOUSE_URL, then the embedded default', () => {
    expect(resolveClickHouseUri('chdb:x', { CLICKHOUSE_URL: 'http://h:8123/db' })).toBe('chdb:x');
    expect(resolveClickHouseUri(undefined, { CLICKHOUSE_URL: 'http://h:8123/db' })).toBe('http://h:8123/db');
    expect(resolveClickHouseUri(undefined, {})).toBe(DEFAULT_CLICKHOUSE_URI);
  });

  it.each([
    ['foo://x', 'unknown scheme'],
    ['clickhouse://h:9000', 'unknown scheme'],
    ['chdb:', 'the path after chdb: is empty'],
    ['http://h:8123/a/b', 'the path must be at most one database name'],
    ['http://h:8123/db?secure=1', 'query parameters and fragments are not supported'],
    ['http://h:8123/bad-name', 'must be letters, digits and _'],
    ['http://', 'not a valid URL'],
  ])('refuses %j with PROJ_ERR_BAD_URI', (uri, why) => {
    expect(() => parseClickHouseUri(uri)).toThrowError(expect.objectContaining({ code: 'PROJ_ERR_BAD_URI' }));
    expect(() => parseClickHouseUri(uri)).toThrowError(why);
  });

  it('never shows the password in the error', () => {
    expect(() => parseClickHouseUri('http://u:s3cret@h:8123/a/b')).toThrowError(/u:\*\*\*@h/);
    try {
      parseClickHouseUri('http://u:s3cret@h:8123/a/b');
    } catch (error) {
      expect(JSON.stringify(error)).not.toContain('s3cret');
      expect((error as Error).message).not.toContain('s3cret');
    }
  });
});
