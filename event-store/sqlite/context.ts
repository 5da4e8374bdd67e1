import type Database from 'better-sqlite3';
import { STORE_ERR_CLOSED, storeError } from '../errors.ts';
import type { ChangeNotifier } from '../shared/change-notifier.ts';
import type { Statements } from './statements.ts';
import type { TypeDictionary } from './type-dictionary.ts';

/** What the SQLite store's operations share: one connection, its statements, the type dictionary, and the notifier. */
export interface SqliteContext {
  readonly db: Database.Database;
  readonly st: Statements;
  readonly types: TypeDictionary;
  readonly path: string;
  readonly notifier: ChangeNotifier;
  /** Throws STORE_ERR_CLOSED after close(). */
  assertOpen(method: string): void;
}

export function closedError(method: string, path: string) {
  return storeError(STORE_ERR_CLOSED, `${method} called on the SQLite event store ${path} after close()`, {
    details: { method, path },
  });
}
