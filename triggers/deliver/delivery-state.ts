import { hasErrorCode } from '../../contracts/errors.ts';
import { openTriggerStateDb } from '../open-state-db.ts';
import { deliverError } from './errors.ts';

/** A firing that a sink gave up on. */
export interface DeadLetter {
  readonly id: number;
  readonly eventId: string;
  readonly rule: string;
  /** `nats`, `webhook:<name>`, or `*` for an event that is not a valid firing. */
  readonly sink: string;
  /** Revision of the firing in the triggers stream. */
  readonly revision: bigint;
  readonly attempts: number;
  /** The last HTTP status, when there was one. */
  readonly lastStatus: number | null;
  readonly lastError: string;
  /** DELIVER_ERR_* code of the reason. */
  readonly code: string;
  /** ISO-8601 UTC. */
  readonly failedAt: string;
}

export type DeadLetterDraft = Omit<DeadLetter, 'id' | 'revision' | 'failedAt'>;

export interface ListDeadLettersOptions {
  readonly sink?: string;
  /** Only rows with a larger id (paging). */
  readonly afterId?: number;
  /** Default 100. */
  readonly limit?: number;
}

/** Per-sink progress and dead letters in the triggers state file (shared with the trigger engine). */
export interface DeliveryState {
  readonly path: string;
  /** The last stream revision the sink is done with, or null when it has not started. */
  readProgress(sink: string): bigint | null;
  saveProgress(sink: string, revision: bigint): void;
  /** Writes the dead letters and moves the sink past `revision`, in one transaction. */
  recordDeadLetters(sink: string, revision: bigint, drafts: readonly DeadLetterDraft[]): void;
  listDeadLetters(options?: ListDeadLettersOptions): readonly DeadLetter[];
  close(): void;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS trigger_sink_progress (
  sink TEXT PRIMARY KEY,
  last_revision INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS trigger_dead_letters (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL,
  rule TEXT NOT NULL,
  sink TEXT NOT NULL,
  revision INTEGER NOT NULL,
  attempts INTEGER NOT NULL,
  last_status INTEGER,
  last_error TEXT NOT NULL,
  code TEXT NOT NULL,
  failed_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS trigger_dead_letters_by_sink ON trigger_dead_letters (sink, id);
`;

interface DeadLetterRow {
  id: bigint;
  event_id: string;
  rule: string;
  sink: string;
  revision: bigint;
  attempts: bigint;
  last_status: bigint | null;
  last_error: string;
  code: string;
  failed_at: string;
}

/**
 * Opens (creating it if needed) the state file in WAL mode with a busy timeout, so the trigger engine
 * may write its own table in the same file from another connection.
 */
export function openDeliveryState(path: string): DeliveryState {
  const db = openTriggerStateDb(path, SCHEMA, (cause) =>
    stateError(`cannot open the trigger delivery state file ${path}`, path, cause),
  );
  const readProgress = db
    .prepare<[string], { last_revision: bigint }>(
      'SELECT last_revision FROM trigger_sink_progress WHERE sink = ?',
    )
    .safeIntegers(true);
  const upsertProgress = db.prepare<[string, bigint, string]>(
    `INSERT INTO trigger_sink_progress (sink, last_revision, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (sink) DO UPDATE SET last_revision = excluded.last_revision, updated_at = excluded.updated_at`,
  );
  const insertDeadLetter = db.prepare(
    `INSERT INTO trigger_dead_letters (event_id, rule, sink, revision, attempts, last_status, last_error, code, failed_at)
     VALUES (@eventId, @rule, @sink, @revision, @attempts, @lastStatus, @lastError, @code, @failedAt)`,
  );
  const listStatement = db
    .prepare<[string | null, string | null, number, number], DeadLetterRow>(
      `SELECT * FROM trigger_dead_letters WHERE (? IS NULL OR sink = ?) AND id > ? ORDER BY id LIMIT ?`,
    )
    .safeIntegers(true);
  const recordTx = db.transaction((sink: string, revision: bigint, drafts: readonly DeadLetterDraft[]) => {
    const failedAt = new Date().toISOString();
    for (const d of drafts) insertDeadLetter.run({ ...d, revision, failedAt });
    upsertProgress.run(sink, revision, failedAt);
  });
  let closed = false;

  const guard = <T>(what: string, run: () => T): T => {
    if (closed)
      throw stateError(
        `${what} after the dispatcher stopped; the state file ${path} is closed`,
        path,
        undefined,
      );
    try {
      return run();
    } catch (cause) {
      if (hasErrorCode(cause, 'DELIVER_ERR_STATE')) throw cause;
      throw stateError(`${what} failed on ${path}`, path, cause);
    }
  };

  return {
    path,
    readProgress: (sink) => guard('reading progress', () => readProgress.get(sink)?.last_revision ?? null),
    saveProgress: (sink, revision) =>
      guard('saving progress', () => {
        upsertProgress.run(sink, revision, new Date().toISOString());
      }),
    recordDeadLetters: (sink, revision, drafts) =>
      guard('recording a dead letter', () => recordTx(sink, revision, drafts)),
    listDeadLetters: (options = {}) =>
      guard('listing dead letters', () =>
        listStatement
          .all(options.sink ?? null, options.sink ?? null, options.afterId ?? 0, options.limit ?? 100)
          .map(toDeadLetter),
      ),
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}

const toDeadLetter = (r: DeadLetterRow): DeadLetter => ({
  id: Number(r.id),
  eventId: r.event_id,
  rule: r.rule,
  sink: r.sink,
  revision: r.revision,
  attempts: Number(r.attempts),
  lastStatus: r.last_status === null ? null : Number(r.last_status),
  lastError: r.last_error,
  code: r.code,
  failedAt: r.failed_at,
});

function stateError(what: string, path: string, cause: unknown) {
  const reason = cause === undefined ? '' : `: ${cause instanceof Error ? cause.message : String(cause)}`;
  return deliverError(
    'DELIVER_ERR_STATE',
    `${what}${reason}; check that the directory is writable and the file is a SQLite database`,
    { details: { path }, cause },
  );
}
