import { type ErrorDetails, hasErrorCode, type IndexerError } from '../../contracts/errors.ts';
import { projectionError } from '../errors.ts';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
]);
/** ClickHouse error types that mean "you may not": bad credentials, no grant. */
const ACCESS_TYPES = new Set(['AUTHENTICATION_FAILED', 'UNKNOWN_USER', 'REQUIRED_PASSWORD', 'ACCESS_DENIED']);
const READONLY_TYPES = new Set(['READONLY', 'SETTING_CONSTRAINT_VIOLATION']);

export interface ClickHouseErrorContext {
  /** What was being done, e.g. `insert into trades__g2`. */
  readonly what: string;
  /** The redacted URI. */
  readonly where: string;
  readonly details?: ErrorDetails;
}

/** The ClickHouse error type (e.g. `UNKNOWN_TABLE`) when the error came from ClickHouse, else null. */
export function clickHouseErrorType(error: unknown): string | null {
  const type = (error as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : null;
}

/** Any failure of a ClickHouse call, as a typed error that says what was being done and where. */
export function mapClickHouseError(error: unknown, context: ClickHouseErrorContext): IndexerError {
  if (hasErrorCode(error) && (error as { code: string }).code.startsWith('PROJ_ERR_')) return error;
  const message = firstLine(error instanceof Error ? error.message : String(error));
  const type = clickHouseErrorType(error);
  const code = (error as { code?: unknown } | null)?.code;
  const details = { ...context.details, clickhouse: context.where, clickhouseError: type ?? undefined };
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return projectionError(
      'PROJ_ERR_CLICKHOUSE_UNAVAILABLE',
      `cannot reach ClickHouse at ${context.where} (${code}) during ${context.what}: is the server running and the host/port right?`,
      { details, cause: error },
    );
  }
  if (type !== null && ACCESS_TYPES.has(type)) {
    return projectionError(
      'PROJ_ERR_CLICKHOUSE_UNAVAILABLE',
      `ClickHouse at ${context.where} refused ${context.what}: ${message} Check the user and password in the URI.`,
      { details, cause: error, retryable: false },
    );
  }
  if (type !== null && READONLY_TYPES.has(type)) {
    return projectionError(
      'PROJ_ERR_SQL_REFUSED',
      `ClickHouse refused ${context.what} in read-only mode: ${message}`,
      { details, cause: error },
    );
  }
  if (/timeout/i.test(message) && type === null) {
    return projectionError(
      'PROJ_ERR_CLICKHOUSE_UNAVAILABLE',
      `ClickHouse at ${context.where} did not answer ${context.what} in time: ${message}`,
      { details, cause: error },
    );
  }
  return projectionError('PROJ_ERR_CLICKHOUSE_QUERY', `${context.what} failed: ${message}`, {
    details,
    cause: error,
  });
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 600 ? `${line.slice(0, 600)}…` : line.trim();
}
