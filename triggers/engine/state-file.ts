import { triggerError } from '../errors.ts';
import { openTriggerStateDb } from '../open-state-db.ts';
import type { RuleState } from './rule-state.ts';

/** Where the engine stands: written after each ledger's firings are appended. */
export interface EngineState {
  /** Last ledger evaluated. */
  readonly ledger: number;
  /** Store position of that ledger's LedgerClosed: the read resumes after it. */
  readonly position: bigint;
  /** Revision of the triggers stream after this engine's last append; null before the first. */
  readonly streamRevision: bigint | null;
  /** Per rule name: its version when saved and its state. */
  readonly rules: { readonly [name: string]: RuleState & { readonly version: string } };
}

export interface EngineStateFile {
  load(engine: string): EngineState | null;
  save(engine: string, state: EngineState): void;
  close(): void;
}

/** Created if missing; other tables of the same file belong to the delivery side. */
const CREATE = `CREATE TABLE IF NOT EXISTS trigger_engine_state (
  engine TEXT PRIMARY KEY,
  ledger INTEGER NOT NULL,
  position TEXT NOT NULL,
  stream_revision TEXT,
  rules TEXT NOT NULL,
  updated_at TEXT NOT NULL
)`;

interface Row {
  ledger: number;
  position: string;
  stream_revision: string | null;
  rules: string;
}

/** The engine's state in a SQLite file (WAL), one row per engine key (the network). */
export function openEngineStateFile(path: string): EngineStateFile {
  const fail = (what: string, cause: unknown) =>
    triggerError(
      'TRIGGER_ERR_STATE',
      `cannot ${what} the trigger engine state in ${path}: ${cause instanceof Error ? cause.message : String(cause)}; check the file, or move it away to start over`,
      { details: { file: path }, cause },
    );
  const db = openTriggerStateDb(path, CREATE, (cause) => fail('open', cause));
  const select = db.prepare<[string], Row>(
    'SELECT ledger, position, stream_revision, rules FROM trigger_engine_state WHERE engine = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO trigger_engine_state (engine, ledger, position, stream_revision, rules, updated_at)
     VALUES (@engine, @ledger, @position, @streamRevision, @rules, @updatedAt)
     ON CONFLICT (engine) DO UPDATE SET ledger = excluded.ledger, position = excluded.position,
       stream_revision = excluded.stream_revision, rules = excluded.rules, updated_at = excluded.updated_at`,
  );
  return {
    load(engine) {
      let row: Row | undefined;
      try {
        row = select.get(engine);
      } catch (cause) {
        throw fail('read', cause);
      }
      if (row === undefined) return null;
      try {
        return {
          ledger: row.ledger,
          position: BigInt(row.position),
          streamRevision: row.stream_revision === null ? null : BigInt(row.stream_revision),
          rules: JSON.parse(row.rules) as EngineState['rules'],
        };
      } catch (cause) {
        throw fail('parse', cause);
      }
    },
    save(engine, state) {
      try {
        upsert.run({
          engine,
          ledger: state.ledger,
          position: state.position.toString(),
          streamRevision: state.streamRevision === null ? null : state.streamRevision.toString(),
          rules: JSON.stringify(state.rules),
          updatedAt: new Date().toISOString(),
        });
      } catch (cause) {
        throw fail('write', cause);
      }
    },
    close() {
      db.close();
    },
  };
}
