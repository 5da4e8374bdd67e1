import type { ApiConfig } from '../config.ts';
import { apiError } from '../errors.ts';

/** A sort key column and the SQL type its cursor values are compared as. */
export interface SortColumn {
  readonly sql: string;
  readonly type: 'UInt64' | 'UInt32' | 'String' | 'Date' | 'DateTime';
}

export interface PageArgs {
  readonly first?: number | null;
  readonly after?: string | null;
  readonly order?: 'ASC' | 'DESC' | null;
}

export interface Page {
  readonly limit: number;
  readonly after: readonly string[] | null;
  readonly descending: boolean;
}

export interface Connection<T> {
  readonly edges: readonly { readonly cursor: string; readonly node: T }[];
  readonly nodes: readonly T[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: string | null };
}

/**
 * Cursors are opaque to clients: base64url of `[list, ...sort key values]`. The list name is checked
 * on the way back, so a cursor from `trades` is refused by `payments`.
 */
export function encodeCursor(list: string, key: readonly string[]): string {
  return Buffer.from(JSON.stringify([list, ...key])).toString('base64url');
}

export function decodeCursor(list: string, cursor: string, width: number): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    !Array.isArray(parsed) ||
    parsed[0] !== list ||
    parsed.length !== width + 1 ||
    !parsed.every((v) => typeof v === 'string' && v.length <= 200)
  ) {
    throw apiError('API_ERR_BAD_CURSOR', `after "${cursor.slice(0, 60)}" is not a cursor of ${list}`, {
      details: { argument: 'after', list },
    });
  }
  return parsed.slice(1) as string[];
}

export function pageOf(list: string, args: PageArgs, width: number, config: ApiConfig): Page {
  const first = args.first ?? config.defaultPageSize;
  if (!Number.isInteger(first) || first < 1 || first > config.maxPageSize) {
    throw apiError(
      'API_ERR_PAGE_TOO_LARGE',
      `first ${first} is out of range for ${list}: ask for 1 to ${config.maxPageSize} items and follow pageInfo.endCursor`,
      { details: { argument: 'first', list, max: config.maxPageSize } },
    );
  }
  return {
    limit: first,
    after: args.after === undefined || args.after === null ? null : decodeCursor(list, args.after, width),
    descending: (args.order ?? 'DESC') === 'DESC',
  };
}

/**
 * `(c1, c2) < (v1, v2)` (or `>`) as parameterized SQL for the keyset page after the cursor, and the
 * ORDER BY clause. Parameters are named `k0`, `k1`, … in `params`.
 */
export function keysetSql(
  columns: readonly SortColumn[],
  page: Page,
  params: Record<string, unknown>,
): { where: string | null; orderBy: string; limit: number } {
  const dir = page.descending ? 'DESC' : 'ASC';
  const orderBy = columns.map((c) => `${c.sql} ${dir}`).join(', ');
  if (page.after === null) return { where: null, orderBy, limit: page.limit + 1 };
  const values = columns.map((c, i) => {
    params[`k${i}`] = page.after?.[i];
    return `{k${i}:${c.type}}`;
  });
  const where = `(${columns.map((c) => c.sql).join(', ')}) ${page.descending ? '<' : '>'} (${values.join(', ')})`;
  return { where, orderBy, limit: page.limit + 1 };
}

/** Rows read with `limit + 1` into a connection; `keyOf` gives each row's sort key values. */
export function toConnection<R, T>(
  list: string,
  rows: readonly R[],
  page: Page,
  keyOf: (row: R) => readonly string[],
  nodeOf: (row: R) => T,
): Connection<T> {
  const kept = rows.slice(0, page.limit);
  const edges = kept.map((row) => ({ cursor: encodeCursor(list, keyOf(row)), node: nodeOf(row) }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: { hasNextPage: rows.length > page.limit, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
