import type { EventStoreDBClient } from '@eventstore/db-client';
import { STORE_ERR_CLOSED, storeError } from '../errors.ts';
import type { ChangeNotifier } from '../shared/change-notifier.ts';

/** What the EventStoreDB store's operations share. */
export interface EsdbContext {
  readonly client: EventStoreDBClient;
  /** Connection string without the password, for messages. */
  readonly endpoint: string;
  /** Prefix of every stream this store writes (empty by default; tests use it to isolate stores). */
  readonly prefix: string;
  /** The commit log stream: the only commit point. */
  readonly logStream: string;
  readonly notifier: ChangeNotifier;
  assertOpen(method: string): void;
}

export function closedError(method: string, endpoint: string) {
  return storeError(
    STORE_ERR_CLOSED,
    `${method} called on the EventStoreDB event store ${endpoint} after close()`,
    {
      details: { method, endpoint },
    },
  );
}
