import type Database from 'better-sqlite3';

/** A row of the events table as SQLite returns it. */
export interface EventRow {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly id: string;
  readonly ledger: number | null;
  readonly payload: string;
}

const COLUMNS = 'position, stream, revision, type, id, ledger, payload';

/** Every statement the store runs, prepared once per connection and reused. */
export function prepareStatements(db: Database.Database) {
  return {
    insertEvent: db.prepare<[string, number | bigint, string, string, number | null, string]>(
      'INSERT INTO events (stream, revision, type, id, ledger, payload) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    streamHead: db
      .prepare<[string], number>(
        'SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
      )
      .pluck(),
    lastPosition: db.prepare<[], number | null>('SELECT MAX(position) FROM events').pluck(),
    findEvent: db.prepare<[string, string], { stream: string }>(
      'SELECT stream FROM events WHERE type = ? AND id = ?',
    ),
    readCheckpoint: db.prepare<[string], { ledger: number; hash: string }>(
      'SELECT ledger, hash FROM checkpoints WHERE name = ?',
    ),
    upsertCheckpoint: db.prepare<[string, number, string]>(
      'INSERT INTO checkpoints (name, ledger, hash) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET ledger = excluded.ledger, hash = excluded.hash',
    ),
    readAfter: db.prepare<[number | bigint, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    ),
    /** Matching types within a window of positions, so that a rare type never scans the whole table at once. */
    readAfterOfTypes: db.prepare<[number | bigint, number | bigint, string, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? AND type IN (SELECT value FROM json_each(?)) ORDER BY position LIMIT ?`,
    ),
    readStream: db.prepare<[string, number | bigint, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    readLast: db.prepare<[], EventRow>(`SELECT ${COLUMNS} FROM events ORDER BY position DESC LIMIT 1`),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
