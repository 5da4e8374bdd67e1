import { type ErrorCodeDoc, type ErrorDetails, IndexerError } from '../contracts/errors.ts';

export const PROJECTION_ERROR_CODES = [
  {
    code: 'PROJ_ERR_BAD_URI',
    retryable: false,
    description:
      'The ClickHouse URI is not one of the accepted forms: `chdb:PATH` (embedded, default `chdb:.data/clickhouse`) or `http(s)://user:pass@host:8123/db`. Fix --clickhouse or CLICKHOUSE_URL.',
  },
  {
    code: 'PROJ_ERR_CLICKHOUSE_UNAVAILABLE',
    retryable: true,
    description:
      'The ClickHouse server could not be reached or refused the credentials (connection refused, timeout, authentication failed). Check that the server runs and the URI (host, port, user, password, database) is right, then rerun.',
  },
  {
    code: 'PROJ_ERR_CHDB_LOCKED',
    retryable: true,
    description:
      'The embedded chDB data directory is in use: another process (often a running `project --follow`) holds it, or this process already opened a different chDB path. chDB allows one process per directory: stop the other process, or use a ClickHouse server for concurrent readers.',
  },
  {
    code: 'PROJ_ERR_CLICKHOUSE_QUERY',
    retryable: false,
    description:
      'ClickHouse rejected a statement of the projection runner or of a read model (syntax, unknown column, type mismatch). The message names the statement and ClickHouse error; details name the projection and table. Fix the read model SQL or the rows it produces.',
  },
  {
    code: 'PROJ_ERR_MIGRATION',
    retryable: false,
    description:
      'A schema migration of the runner tables (projections/migrations/*.sql) failed. The message names the file and statement. Applied versions are recorded in `_projection_migrations`; fix the cause and rerun, completed migrations are not repeated.',
  },
  {
    code: 'PROJ_ERR_DEFINITION',
    retryable: false,
    description:
      'A projection definition is not usable (bad or duplicate name, no tables, no event types, a placeholder that names no table). Details name the projection; fix its module in projections/read-models/.',
  },
  {
    code: 'PROJ_ERR_SCHEMA',
    retryable: false,
    description:
      'The tables a projection created do not meet the runner requirements, e.g. a materialized view without `TO {{table}}` (its hidden inner table could not be deduplicated). Details name the projection and object; fix the CREATE statement.',
  },
  {
    code: 'PROJ_ERR_ROWS',
    retryable: false,
    description:
      "A projection's rowsFor threw, or returned rows for a table it does not declare or declares as kind 'view'. Details name the projection, event type, id and store position; fix rowsFor.",
  },
  {
    code: 'PROJ_ERR_STATE',
    retryable: false,
    description:
      'The runner state stored in ClickHouse (_projection_checkpoints, _projection_intents, _projection_generations) is inconsistent, e.g. an intent that starts before the stored checkpoint. Details name the projection and generation; rebuild it with `project --rebuild NAME`.',
  },
  {
    code: 'PROJ_ERR_SQL_REFUSED',
    retryable: false,
    description:
      '`stellar-indexer sql` only runs one read-only statement: SELECT (or WITH … SELECT), SHOW, DESCRIBE or EXPLAIN, without INTO OUTFILE. Anything else, or several statements, is refused before it reaches ClickHouse; ClickHouse also runs it with readonly=1.',
  },
  {
    code: 'PROJ_ERR_FAULT_SPEC',
    retryable: false,
    description:
      'STELLAR_INDEXER_FAULT (a test-only crash hook) is set but not of the form `POINT:PROJECTION:N` with POINT one of after-intent, after-table, after-insert. Unset it outside tests.',
  },
] as const satisfies readonly ErrorCodeDoc[];

export type ProjectionErrorCode = (typeof PROJECTION_ERROR_CODES)[number]['code'];

export function projectionError(
  code: ProjectionErrorCode,
  message: string,
  options: { details?: ErrorDetails; cause?: unknown; retryable?: boolean } = {},
): IndexerError {
  const doc = PROJECTION_ERROR_CODES.find((d) => d.code === code);
  return new IndexerError(code, message, {
    retryable: options.retryable ?? doc?.retryable ?? false,
    details: options.details ?? {},
    cause: options.cause,
  });
}
