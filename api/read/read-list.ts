import type { ClickHouse } from '../../projections/clickhouse/clickhouse.ts';
import type { ApiConfig } from '../config.ts';
import { apiError } from '../errors.ts';
import {
  type Connection,
  keysetSql,
  type PageArgs,
  pageOf,
  type SortColumn,
  toConnection,
} from './connection.ts';

/** One list the API pages through: a read model (stable name), its sort key, and how a row becomes a node. */
export interface ListSpec<R, T> {
  /** Name baked into cursors; also used in messages. */
  readonly list: string;
  readonly from: string;
  readonly select: string;
  readonly sort: readonly SortColumn[];
  readonly keyOf: (row: R) => readonly string[];
  readonly nodeOf: (row: R) => T;
}

/** A filtered keyset page of a read model, newest first unless `order: ASC`. */
export async function readList<R, T>(
  ch: ClickHouse,
  config: ApiConfig,
  spec: ListSpec<R, T>,
  filters: readonly string[],
  params: Record<string, unknown>,
  args: PageArgs,
): Promise<Connection<T>> {
  const page = pageOf(spec.list, args, spec.sort.length, config);
  const all = { ...params };
  const keyset = keysetSql(spec.sort, page, all);
  const where = [...filters, ...(keyset.where === null ? [] : [keyset.where])];
  const sql = `SELECT ${spec.select} FROM ${spec.from}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${keyset.orderBy} LIMIT ${keyset.limit}`;
  const rows = await queryRows<R>(ch, sql, all, spec.list);
  return toConnection(spec.list, rows, page, spec.keyOf, spec.nodeOf);
}

/** Rows of a read query; a ClickHouse failure becomes API_ERR_UNAVAILABLE naming the list. */
export async function queryRows<R>(
  ch: ClickHouse,
  sql: string,
  params: Record<string, unknown>,
  what: string,
): Promise<R[]> {
  try {
    return await ch.query<R>(sql, { params, what: `read ${what}` });
  } catch (cause) {
    throw apiError(
      'API_ERR_UNAVAILABLE',
      `reading ${what} from ClickHouse (${ch.where}) failed: ${(cause as Error).message}`,
      {
        details: { list: what },
        cause,
      },
    );
  }
}
