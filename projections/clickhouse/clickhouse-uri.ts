import { resolve } from 'node:path';
import { projectionError } from '../errors.ts';

/** The embedded default: a chDB data directory under the working directory. */
export const DEFAULT_CLICKHOUSE_URI = 'chdb:.data/clickhouse';

const ACCEPTED =
  'chdb:PATH (embedded chDB, PATH relative to the working directory), http(s)://user:pass@host:8123/db';

export type ClickHouseTarget =
  | { readonly kind: 'chdb'; readonly path: string; readonly display: string }
  | {
      readonly kind: 'server';
      /** `http(s)://host:port`, without credentials or database. */
      readonly url: string;
      readonly username: string;
      readonly password: string;
      readonly database: string;
      /** The URI with the password replaced by `***`, for messages and logs. */
      readonly display: string;
    };

/**
 * Which ClickHouse to use: the explicit option, else the CLICKHOUSE_URL environment variable, else
 * the embedded default.
 */
export function resolveClickHouseUri(explicit: string | undefined, env: NodeJS.ProcessEnv): string {
  if (explicit !== undefined && explicit.length > 0) return explicit;
  const fromEnv = env.CLICKHOUSE_URL;
  return fromEnv !== undefined && fromEnv.length > 0 ? fromEnv : DEFAULT_CLICKHOUSE_URI;
}

/** `chdb:PATH` or `http(s)://user:pass@host:port/db`; anything else is PROJ_ERR_BAD_URI. */
export function parseClickHouseUri(uri: string, cwd: string = process.cwd()): ClickHouseTarget {
  if (uri.startsWith('chdb:')) {
    const path = uri.slice('chdb:'.length);
    if (path.length === 0) throw badUri(uri, 'the path after chdb: is empty');
    const absolute = path === ':memory:' ? path : resolve(cwd, path);
    return { kind: 'chdb', path: absolute, display: `chdb:${absolute}` };
  }
  if (/^https?:\/\//i.test(uri)) return parseServerUri(uri);
  throw badUri(redact(uri), 'unknown scheme');
}

function parseServerUri(uri: string): ClickHouseTarget {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw badUri(redact(uri), 'not a valid URL');
  }
  const display = redact(uri);
  if (url.hostname.length === 0) throw badUri(display, 'the host is missing');
  if (url.search.length > 0 || url.hash.length > 0)
    throw badUri(display, 'query parameters and fragments are not supported');
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  if (segments.length > 1) throw badUri(display, 'the path must be at most one database name');
  const database = decodeURIComponent(segments[0] ?? 'default');
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(database))
    throw badUri(display, `database name "${database}" must be letters, digits and _`);
  return {
    kind: 'server',
    url: `${url.protocol}//${url.host}`,
    username: decodeURIComponent(url.username) || 'default',
    password: decodeURIComponent(url.password),
    database,
    display,
  };
}

/** The URI with its password replaced by `***`. */
export function redact(uri: string): string {
  return uri.replace(/^(\w+:\/\/[^:/@]*:)[^@/]*@/, '$1***@');
}

function badUri(display: string, why: string) {
  return projectionError(
    'PROJ_ERR_BAD_URI',
    `ClickHouse URI "${display}" is not accepted (${why}); use one of: ${ACCEPTED}`,
    { details: { uri: display } },
  );
}
