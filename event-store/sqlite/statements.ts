import type Database from 'better-sqlite3';

/** A row of the events table (appendToStream's events, and ledgers of schema v1) as SQLite returns it. */
export interface EventRow {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly id: string;
  readonly ledger: number | null;
  readonly payload: string;
}

/** The small leading columns of a ledger segment: enough to place it and to test its types. */
export interface SegmentHead {
  readonly last_position: number;
  readonly first_position: number;
  readonly ledger: number;
  readonly count: number;
  readonly types: string;
}

/** The rest of a ledger segment (about 1.5 MB for a busy pubnet ledger). */
export interface SegmentBody {
  readonly ledgers: string | null;
  readonly ids: string;
  /** UTF-8 JSON texts joined by '\n'. */
  readonly payloads: Buffer;
}

export type SegmentRow = SegmentHead & SegmentBody;

const COLUMNS = 'position, stream, revision, type, id, ledger, payload';
const HEAD = 'last_position, first_position, ledger, count, types';

/** Every statement the store runs, prepared once per connection and reused. */
export function prepareStatements(db: Database.Database) {
  return {
    insertEvent: db.prepare<[number, string, number | bigint, string, string, number | null, string]>(
      'INSERT INTO events (position, stream, revision, type, id, ledger, payload) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    insertSegment: db.prepare<[number, number, number, number, string, string | null, string, Buffer]>(
      'INSERT INTO ledger_segments (last_position, first_position, ledger, count, types, ledgers, ids, payloads) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    streamHead: db
      .prepare<[string], number>(
        'SELECT revision FROM events WHERE stream = ? ORDER BY revision DESC LIMIT 1',
      )
      .pluck(),
    /** The highest position handed out, over both tables (0 for an empty store). */
    lastPosition: db
      .prepare<[], number>(
        'SELECT MAX(IFNULL((SELECT MAX(position) FROM events), 0), IFNULL((SELECT MAX(last_position) FROM ledger_segments), 0))',
      )
      .pluck(),
    findEvent: db.prepare<[string, string], { stream: string }>(
      'SELECT stream FROM events WHERE type = ? AND id = ?',
    ),
    readCheckpoint: db.prepare<[string], { ledger: number; hash: string }>(
      'SELECT ledger, hash FROM checkpoints WHERE name = ?',
    ),
    upsertCheckpoint: db.prepare<[string, number, string]>(
      'INSERT INTO checkpoints (name, ledger, hash) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET ledger = excluded.ledger, hash = excluded.hash',
    ),
    /** Events-table rows in (after, upTo], in position order. */
    readRange: db.prepare<[number, number, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position LIMIT ?`,
    ),
    /** The same, only the given types (a JSON array); callers keep the range short. */
    readRangeOfTypes: db.prepare<[number, number, string, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? AND type IN (SELECT value FROM json_each(?)) ORDER BY position LIMIT ?`,
    ),
    readStream: db.prepare<[string, number | bigint, number], EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE stream = ? AND revision >= ? ORDER BY revision LIMIT ?`,
    ),
    readLast: db.prepare<[], EventRow>(`SELECT ${COLUMNS} FROM events ORDER BY position DESC LIMIT 1`),
    /** The first segment ending after a position: the one holding the next position, or the next one. */
    segmentAfter: db.prepare<[number], SegmentHead>(
      `SELECT ${HEAD} FROM ledger_segments WHERE last_position > ? ORDER BY last_position LIMIT 1`,
    ),
    lastSegment: db.prepare<[], SegmentHead>(
      `SELECT ${HEAD} FROM ledger_segments ORDER BY last_position DESC LIMIT 1`,
    ),
    segmentBody: db.prepare<[number], SegmentBody>(
      'SELECT ledgers, ids, payloads FROM ledger_segments WHERE last_position = ?',
    ),
    segmentOfLedger: db.prepare<[number], SegmentRow>(
      `SELECT ${HEAD}, ledgers, ids, payloads FROM ledger_segments WHERE ledger = ?`,
    ),
    segmentCountOfLedger: db
      .prepare<[number], number>('SELECT count FROM ledger_segments WHERE ledger = ?')
      .pluck(),
    typesAfter: db.prepare<[number], { code: number; name: string }>(
      'SELECT code, name FROM event_types WHERE code > ? ORDER BY code',
    ),
    typeCode: db.prepare<[string], number>('SELECT code FROM event_types WHERE name = ?').pluck(),
    insertType: db.prepare<[string]>('INSERT INTO event_types (name) VALUES (?)'),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
