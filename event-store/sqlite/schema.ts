import type Database from 'better-sqlite3';
import { STORE_ERR_SCHEMA_VERSION, storeError } from '../errors.ts';

/**
 * Schema migrations, applied in order; the file's `PRAGMA user_version` says how many have run.
 * Append a new entry to change the schema; never edit a released one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    stream   TEXT    NOT NULL,
    revision INTEGER NOT NULL,
    type     TEXT    NOT NULL,
    id       TEXT    NOT NULL,
    ledger   INTEGER,
    payload  TEXT    NOT NULL,
    UNIQUE (stream, revision),
    UNIQUE (type, id)
  );
  CREATE TABLE checkpoints (
    name   TEXT    PRIMARY KEY,
    ledger INTEGER NOT NULL,
    hash   TEXT    NOT NULL
  );
  `,
  // v2: a committed ledger is one row of ledger_segments (see segment-encode.ts); positions are shared
  // with the events table, which keeps appendToStream's events. v1 files need no data move: their
  // ledger events stay rows of `events`, which every read merges with the segments.
  `
  CREATE TABLE event_types (
    code INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE
  );
  CREATE TABLE ledger_segments (
    last_position  INTEGER PRIMARY KEY,
    first_position INTEGER NOT NULL UNIQUE,
    ledger         INTEGER NOT NULL UNIQUE,
    count          INTEGER NOT NULL,
    types          TEXT    NOT NULL,
    ledgers        TEXT,
    ids            TEXT    NOT NULL,
    payloads       BLOB    NOT NULL
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the file to SCHEMA_VERSION inside one write transaction, so two processes can open it at once. */
export function migrate(db: Database.Database, path: string): void {
  const current = readVersion(db);
  if (current === SCHEMA_VERSION) return;
  checkNotNewer(current, path);
  const run = db.transaction(() => {
    const version = readVersion(db);
    checkNotNewer(version, path);
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v] ?? '');
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  run.immediate();
}

function readVersion(db: Database.Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

function checkNotNewer(version: number, path: string): void {
  if (version > SCHEMA_VERSION) {
    throw storeError(
      STORE_ERR_SCHEMA_VERSION,
      `Event store ${path} has schema version ${version}, newer than the ${SCHEMA_VERSION} this indexer knows; upgrade the indexer or use another file`,
      { details: { path, version, known: SCHEMA_VERSION } },
    );
  }
}
