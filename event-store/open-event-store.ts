import { resolve } from 'node:path';
import type { EventStore } from '../contracts/event-store.ts';
import { STORE_ERR_BAD_URI, storeError } from './errors.ts';

/** The embedded default: a SQLite file under the working directory. */
export const DEFAULT_STORE_URI = 'sqlite:.data/events.db';

const ACCEPTED =
  'sqlite:PATH (relative to the working directory), esdb://HOST:PORT?…, kurrentdb://HOST:PORT?…';

/**
 * Opens the event store a URI names: `sqlite:PATH` (PATH relative to the working directory, or
 * absolute), `esdb://…` / `esdb+discover://…`, or `kurrentdb://…` / `kurrentdb+discover://…`.
 * Backends load on demand, so a SQLite user never loads the gRPC client.
 */
export async function openEventStore(uri: string): Promise<EventStore> {
  if (typeof uri === 'string' && uri.startsWith('sqlite:')) {
    const path = uri.slice('sqlite:'.length);
    if (path.length === 0) throw badUri(uri, 'the path after sqlite: is empty');
    const { createSqliteEventStore } = await import('./sqlite/create-sqlite-event-store.ts');
    return createSqliteEventStore({ path: path === ':memory:' ? path : resolve(process.cwd(), path) });
  }
  if (typeof uri === 'string' && /^(esdb|kurrentdb)(\+discover)?:\/\/./.test(uri)) {
    const { createEsdbEventStore } = await import('./esdb/create-esdb-event-store.ts');
    return createEsdbEventStore({ connectionString: uri });
  }
  throw badUri(String(uri), 'unknown scheme');
}

function badUri(uri: string, why: string) {
  return storeError(
    STORE_ERR_BAD_URI,
    `Event store URI "${uri}" is not accepted (${why}); use one of: ${ACCEPTED}`,
    {
      details: { uri, accepted: ACCEPTED },
    },
  );
}
