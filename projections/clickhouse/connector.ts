import fs from 'node:fs';
import { type ClickHouseClient, ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { projectionError } from '../errors.ts';
import { type ClickHouse, createClickHouse } from './clickhouse.ts';
import { mapClickHouseError } from './clickhouse-errors.ts';
import { type ClickHouseTarget, parseClickHouseUri } from './clickhouse-uri.ts';

/**
 * Opens ClickHouse from a URI and shares one client per target. chDB binds one data directory per
 * process and locks it against other processes, so every stage of a process (ingest --project, the
 * runner, a later API) must use the same client: create one connector per process and open through it.
 */
export interface ClickHouseConnector {
  /**
   * A handle on the ClickHouse the URI names. `readOnly` handles run every statement with readonly=1;
   * on chDB they use a second session on the same directory, because chDB keeps settings per session
   * and readonly=1 cannot be lifted once set.
   */
  open(uri: string, options?: { readonly readOnly?: boolean }): Promise<ClickHouse>;
  /** Closes every client this connector opened, whatever handles are still out. */
  close(): Promise<void>;
}

interface Shared {
  readonly target: ClickHouseTarget;
  readonly client: ClickHouseClient;
  refs: number;
}

export function createClickHouseConnector(options: { readonly cwd?: string } = {}): ClickHouseConnector {
  const shared = new Map<string, Promise<Shared>>();

  async function closeShared(key: string, entry: Shared): Promise<void> {
    shared.delete(key);
    await entry.client.close();
    const sameDirectory = [...shared.keys()].some((k) => k.split('#')[0] === key.split('#')[0]);
    if (entry.target.kind === 'chdb' && !sameDirectory) {
      // Wait until the engine really let go of the directory, so another path can be opened next.
      const { drainPending } = await import('chdb');
      await drainPending();
    }
  }

  return {
    async open(uri: string, openOptions: { readonly readOnly?: boolean } = {}): Promise<ClickHouse> {
      const target = parseClickHouseUri(uri, options.cwd);
      const readOnly = openOptions.readOnly === true;
      const base = target.kind === 'chdb' ? `chdb:${target.path}` : target.display;
      const key = readOnly && target.kind === 'chdb' ? `${base}#readonly` : base;
      let pending = shared.get(key);
      if (pending === undefined) {
        pending = connect(target);
        shared.set(key, pending);
        pending.catch(() => shared.delete(key));
      }
      const entry = await pending;
      entry.refs += 1;
      return createClickHouse({
        kind: target.kind,
        where: target.display,
        client: entry.client,
        readOnly,
        release: async () => {
          entry.refs -= 1;
          if (entry.refs === 0 && shared.get(key) === pending) await closeShared(key, entry);
        },
      });
    },
    async close(): Promise<void> {
      const entries = await Promise.allSettled(
        [...shared.entries()].map(async ([k, p]) => [k, await p] as const),
      );
      for (const settled of entries) {
        if (settled.status === 'fulfilled') await closeShared(settled.value[0], settled.value[1]);
      }
    },
  };
}

async function connect(target: ClickHouseTarget): Promise<Shared> {
  return target.kind === 'chdb' ? connectChdb(target) : connectServer(target);
}

async function connectChdb(target: Extract<ClickHouseTarget, { kind: 'chdb' }>): Promise<Shared> {
  if (target.path !== ':memory:') {
    try {
      fs.mkdirSync(target.path, { recursive: true });
    } catch (cause) {
      throw projectionError(
        'PROJ_ERR_BAD_URI',
        `cannot create the chDB data directory ${target.path}: ${(cause as Error).message}; choose a writable path with --clickhouse chdb:PATH`,
        { details: { uri: target.display }, cause },
      );
    }
  }
  const { createChdbConnection } = await import('chdb/connection');
  let connection: ReturnType<typeof createChdbConnection>;
  try {
    connection = createChdbConnection({ path: target.path });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw projectionError(
      'PROJ_ERR_CHDB_LOCKED',
      /only one active data directory/.test(message)
        ? `this process already uses another chDB directory; chDB opens one per process (${message})`
        : `cannot open chDB at ${target.path}: another process (a running \`project --follow\`?) holds it, or it is not a chDB directory (${message}). Stop the other process, or use a ClickHouse server for concurrent readers`,
      { details: { uri: target.display }, cause },
    );
  }
  // chdb types the connection against its own copy of @clickhouse/client-common; the shapes agree.
  type ClientConnection = NonNullable<NonNullable<Parameters<typeof createClient>[0]>['connection']>;
  const client = createClient({
    connection: connection as unknown as ClientConnection,
    application: 'stellar-indexer',
    log: { level: ClickHouseLogLevel.OFF },
  });
  return { target, client, refs: 0 };
}

async function connectServer(target: Extract<ClickHouseTarget, { kind: 'server' }>): Promise<Shared> {
  const client = createClient({
    url: target.url,
    username: target.username,
    password: target.password,
    database: target.database,
    application: 'stellar-indexer',
    request_timeout: 300_000,
    // Failures reach the caller as typed errors; the client's own console warnings would only repeat them.
    log: { level: ClickHouseLogLevel.OFF },
  });
  const ping = await client.ping();
  if (!ping.success) {
    await client.close();
    throw mapClickHouseError(ping.error, { what: 'connect', where: target.display });
  }
  try {
    // Ping does not check credentials or the database; one query does.
    await (await client.query({ query: 'SELECT 1', format: 'JSONEachRow' })).json();
  } catch (error) {
    await client.close();
    throw mapClickHouseError(error, {
      what: `connect to database ${target.database}`,
      where: target.display,
    });
  }
  return { target, client, refs: 0 };
}
