import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { apiError } from '../errors.ts';

/** The embedded default: a small SQLite file next to the event store. */
export const DEFAULT_KEYS_PATH = '.data/api-keys.db';

export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly rateLimit: number | null;
}

export type KeyCheck =
  | { readonly status: 'valid'; readonly record: ApiKeyRecord }
  | { readonly status: 'unknown' | 'revoked' | 'malformed' };

/**
 * API keys, stored hashed: a key is `sik_<id>_<secret>`; the table keeps the id, a SHA-256 of the
 * secret (32 random bytes, so a fast hash is enough), a name, an optional per-key rate limit, and the
 * revocation time. The secret is shown once, at creation.
 */
export interface ApiKeyStore {
  create(name: string, options?: { rateLimit?: number | null }): { key: string; record: ApiKeyRecord };
  check(key: string): KeyCheck;
  revoke(id: string): ApiKeyRecord;
  list(): ApiKeyRecord[];
  close(): void;
}

interface KeyRow {
  id: string;
  name: string;
  secret_hash: string;
  created_at: string;
  revoked_at: string | null;
  rate_limit: number | null;
}

const KEY_FORM = /^sik_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();

export function openApiKeyStore(file: string): ApiKeyStore {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE IF NOT EXISTS api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    rate_limit INTEGER
  )`);
  const insert = db.prepare(
    'INSERT INTO api_keys (id, name, secret_hash, created_at, revoked_at, rate_limit) VALUES (?, ?, ?, ?, NULL, ?)',
  );
  const byId = db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE id = ?');
  const all = db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id');
  const revoke = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');
  const toRecord = (r: KeyRow): ApiKeyRecord => ({
    id: r.id,
    name: r.name,
    createdAt: r.created_at,
    revokedAt: r.revoked_at,
    rateLimit: r.rate_limit,
  });

  return {
    create(name, options = {}) {
      const id = randomBytes(8).toString('hex');
      const secret = randomBytes(32).toString('base64url');
      const createdAt = new Date().toISOString();
      insert.run(id, name, sha256(secret).toString('hex'), createdAt, options.rateLimit ?? null);
      return { key: `sik_${id}_${secret}`, record: toRecord(byId.get(id) as KeyRow) };
    },
    check(key) {
      const match = KEY_FORM.exec(key);
      if (match === null) return { status: 'malformed' };
      const row = byId.get(match[1] as string);
      if (row === undefined) return { status: 'unknown' };
      const equal = timingSafeEqual(Buffer.from(row.secret_hash, 'hex'), sha256(match[2] as string));
      if (!equal) return { status: 'unknown' };
      if (row.revoked_at !== null) return { status: 'revoked' };
      return { status: 'valid', record: toRecord(row) };
    },
    revoke(id) {
      const row = byId.get(id);
      if (row === undefined)
        throw apiError(
          'API_ERR_KEY_NOT_FOUND',
          `no API key with id "${id}" in ${file}; run \`stellar-indexer keys list\``,
          {
            details: { id, file },
          },
        );
      revoke.run(new Date().toISOString(), id);
      return toRecord(byId.get(id) as KeyRow);
    },
    list: () => all.all().map(toRecord),
    close: () => db.close(),
  };
}
