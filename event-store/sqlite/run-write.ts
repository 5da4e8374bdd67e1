import type { SqliteContext } from './context.ts';
import { mapSqliteError } from './sqlite-errors.ts';
import { explainDuplicate, type StreamWrite } from './write-events.ts';

/** Runs a write transaction and turns SQLite failures into typed store errors. */
export function runWrite<T>(
  ctx: SqliteContext,
  method: string,
  writes: readonly StreamWrite[],
  run: () => T,
): T {
  try {
    return run();
  } catch (error) {
    throw explainDuplicate(ctx.st, error, writes) ?? mapSqliteError(error, method, ctx.path);
  }
}
