import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';

/**
 * Opens the trigger state file (creating it and its folder), in WAL mode with a busy timeout so the
 * engine, the delivery sinks and the rule registry (each with its own connection and tables) share it,
 * and runs `schema`. A failure becomes the error `onError` makes of it.
 */
export function openTriggerStateDb(
  path: string,
  schema: string,
  onError: (cause: unknown) => Error,
): Database.Database {
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const db = new Database(path, { timeout: 10_000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec(schema);
    return db;
  } catch (cause) {
    throw onError(cause);
  }
}
