import type { IndexerError } from '../../contracts/errors.ts';
import { hasErrorCode } from '../../contracts/errors.ts';
import { STORE_ERR_BACKEND, STORE_ERR_CORRUPT, STORE_ERR_UNAVAILABLE, storeError } from '../errors.ts';

/** The SQLite result code of a better-sqlite3 error (`SQLITE_BUSY`, `SQLITE_CONSTRAINT_UNIQUE`…), if it is one. */
export function sqliteCode(error: unknown): string | undefined {
  if (!hasErrorCode(error)) return undefined;
  return error.code.startsWith('SQLITE_') ? error.code : undefined;
}

/**
 * Turns a SQLite failure into a typed store error: busy/locked is retryable, corruption is
 * STORE_ERR_CORRUPT, the rest STORE_ERR_BACKEND. Typed errors pass through.
 */
export function mapSqliteError(error: unknown, what: string, path: string): unknown {
  const code = sqliteCode(error);
  if (code === undefined) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return wrap(
      STORE_ERR_UNAVAILABLE,
      `${what} on ${path}: the database is locked by another writer (${code}); retry later or stop the other process`,
      code,
      path,
      error,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return wrap(
      STORE_ERR_CORRUPT,
      `${what} on ${path}: the database file is damaged (${message})`,
      code,
      path,
      error,
    );
  }
  return wrap(STORE_ERR_BACKEND, `${what} on ${path} failed: ${message} (${code})`, code, path, error);
}

function wrap(code: string, message: string, sqlite: string, path: string, cause: unknown): IndexerError {
  return storeError(code, message, { details: { path, sqlite }, cause });
}
