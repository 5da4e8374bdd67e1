import { Readable } from 'node:stream';
import type { ClickHouseClient, ClickHouseSettings } from '@clickhouse/client';
import type { ErrorDetails } from '../../contracts/errors.ts';
import { projectionError } from '../errors.ts';
import { mapClickHouseError } from './clickhouse-errors.ts';
import { insertSettingsClause, quoteColumnList, quoteIdentifier, READ_SETTINGS } from './settings.ts';

/** Insert formats the runner writes: JSON lines, or TabSeparated lines with a column list. */
export type InsertFormat = 'JSONEachRow' | 'TabSeparated';

/**
 * One ClickHouse (embedded chDB or a server) as the projections use it: every call goes through
 * `@clickhouse/client` and every failure comes back as a typed PROJ_ERR_* error.
 */
export interface ClickHouse {
  readonly kind: 'chdb' | 'server';
  /** The URI with any password redacted, for messages. */
  readonly where: string;
  /** Every statement runs with readonly=1; command and insert are refused. */
  readonly readOnly: boolean;
  /** The shared client, for callers that need more than the helpers below. */
  readonly client: ClickHouseClient;
  /** Rows of a SELECT (JSONEachRow; 64-bit integers and decimals come back as strings). */
  query<T = Record<string, unknown>>(sql: string, options?: CallOptions): Promise<T[]>;
  /** The result of one statement as JSONEachRow lines, exactly as ClickHouse wrote them. */
  lines(sql: string, options?: CallOptions): AsyncIterable<string>;
  /** A statement without result rows (DDL, ALTER, small INSERT … VALUES). */
  command(sql: string, options?: CallOptions): Promise<void>;
  /**
   * `INSERT INTO table SETTINGS … FORMAT JSONEachRow` with `lines` (one JSON object per line) as
   * the body; `token` is the insert_deduplication_token (null: none).
   */
  insertJsonLines(
    table: string,
    lines: string,
    options: CallOptions & { token: string | null },
  ): Promise<void>;
  /**
   * `INSERT INTO table [(columns…)] SETTINGS … FORMAT format` with `body` (one row per line) as the
   * body; `token` as for insertJsonLines. `columns` names the fields of each TabSeparated line.
   */
  insertText(table: string, body: string, options: InsertOptions): Promise<void>;
  /** Gives this handle back; the shared client closes when the last handle is released. */
  release(): Promise<void>;
}

export interface CallOptions {
  readonly params?: Record<string, unknown>;
  /** What the call does, for error messages (default: the statement's first words). */
  readonly what?: string;
  readonly details?: ErrorDetails;
  readonly signal?: AbortSignal;
}

export interface InsertOptions extends CallOptions {
  readonly token: string | null;
  readonly format: InsertFormat;
  readonly columns?: readonly string[] | null;
}

export function createClickHouse(options: {
  readonly kind: 'chdb' | 'server';
  readonly where: string;
  readonly client: ClickHouseClient;
  readonly readOnly?: boolean;
  readonly release: () => Promise<void>;
}): ClickHouse {
  const { client, where } = options;
  const readOnly = options.readOnly === true;
  let released = false;
  const fail = (error: unknown, sql: string, call: CallOptions | undefined) =>
    mapClickHouseError(error, { what: call?.what ?? describe(sql), where, details: call?.details });
  const refuseWrite = (sql: string) =>
    projectionError('PROJ_ERR_SQL_REFUSED', `${describe(sql)} is a write, on a read-only ClickHouse handle`, {
      details: { clickhouse: where },
    });
  const readSettings = createReadSettings(options.kind, readOnly);

  const run = async (sql: string, call: CallOptions | undefined) =>
    client.query({
      query: sql,
      format: 'JSONEachRow',
      clickhouse_settings: readSettings(),
      ...(call?.params === undefined ? {} : { query_params: call.params }),
      ...(call?.signal === undefined ? {} : { abort_signal: call.signal }),
    });

  const insertText = async (table: string, body: string, call: InsertOptions): Promise<void> => {
    if (readOnly) throw refuseWrite(`INSERT INTO ${table}`);
    if (body.length === 0) return;
    const columns =
      call.columns === undefined || call.columns === null ? '' : ` ${quoteColumnList(call.columns)}`;
    const sql = `INSERT INTO ${quoteIdentifier(table)}${columns} ${insertSettingsClause(call.token)} FORMAT ${call.format}`;
    try {
      const result = await client.exec({
        query: sql,
        // One string chunk in object mode: passed on as is, without a round trip through a Buffer.
        values: Readable.from([body], { objectMode: true }),
        ...(call.signal === undefined ? {} : { abort_signal: call.signal }),
      });
      for await (const _ of result.stream) {
        // An INSERT answers with an empty body; reading it frees the HTTP socket.
      }
    } catch (error) {
      throw fail(error, sql, { what: `insert into ${table}`, ...call });
    }
  };

  return {
    kind: options.kind,
    where,
    readOnly,
    client,
    async query<T>(sql: string, call?: CallOptions): Promise<T[]> {
      try {
        return await (await run(sql, call)).json<T>();
      } catch (error) {
        throw fail(error, sql, call);
      }
    },
    async *lines(sql: string, call?: CallOptions): AsyncIterable<string> {
      try {
        const result = await run(sql, call);
        for await (const rows of result.stream()) {
          for (const row of rows) yield row.text;
        }
      } catch (error) {
        throw fail(error, sql, call);
      }
    },
    async command(sql: string, call?: CallOptions): Promise<void> {
      if (readOnly) throw refuseWrite(sql);
      try {
        await client.command({
          query: sql,
          ...(call?.params === undefined ? {} : { query_params: call.params }),
          ...(call?.signal === undefined ? {} : { abort_signal: call.signal }),
        });
      } catch (error) {
        throw fail(error, sql, call);
      }
    },
    insertJsonLines: (table, lines, call) => insertText(table, lines, { ...call, format: 'JSONEachRow' }),
    insertText,
    async release(): Promise<void> {
      if (released) return;
      released = true;
      await options.release();
    },
  };
}

/**
 * Settings sent with every read. A read-only handle adds readonly=1 last. On chDB settings are session
 * SETs that persist, and a session in readonly mode refuses any further SET but `readonly` itself, so
 * after its first statement a read-only chDB handle sends only readonly=1 (the rest is still in force).
 */
function createReadSettings(kind: 'chdb' | 'server', readOnly: boolean): () => ClickHouseSettings {
  if (!readOnly) return () => READ_SETTINGS;
  let first = true;
  return () => {
    if (kind === 'chdb' && !first) return { readonly: '1' };
    first = false;
    return { ...READ_SETTINGS, readonly: '1' };
  };
}

function describe(sql: string): string {
  const words = sql.trim().replace(/\s+/g, ' ').split(' ').slice(0, 6).join(' ');
  return `"${words}${sql.trim().length > words.length ? ' …' : ''}"`;
}
