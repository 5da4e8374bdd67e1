/**
 * The base of every typed error in the project. Each capability keeps its own `errors.ts` with string
 * codes (`INGEST_ERR_*`, `STORE_ERR_*`, …); guards compare `code`, never `instanceof`, so that two
 * copies of the package still agree.
 */
export interface ErrorDetails {
  /** Where the problem is: file, URL, ledger, XDR path, field… */
  readonly [key: string]: string | number | boolean | null | undefined;
}

export class IndexerError extends Error {
  readonly code: string;
  /** True when trying the same thing again may succeed (network blips, lock contention). */
  readonly retryable: boolean;
  readonly details: ErrorDetails;

  constructor(
    code: string,
    message: string,
    options: { retryable?: boolean; details?: ErrorDetails; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'IndexerError';
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.details = options.details ?? {};
  }

  /** One line for stderr: code, message, and where. */
  toLine(): string {
    const where = Object.entries(this.details)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    return where ? `${this.code}: ${this.message} (${where})` : `${this.code}: ${this.message}`;
  }
}

export function hasErrorCode(error: unknown, code?: string): error is IndexerError {
  if (typeof error !== 'object' || error === null) return false;
  const c = (error as { code?: unknown }).code;
  if (typeof c !== 'string') return false;
  return code === undefined ? true : c === code;
}

/** A registry entry: every code is documented here and in docs/errors.md. */
export interface ErrorCodeDoc {
  readonly code: string;
  readonly retryable: boolean;
  /** What happened and what to do about it. */
  readonly description: string;
}
