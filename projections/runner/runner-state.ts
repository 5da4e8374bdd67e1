import type { ClickHouse } from '../clickhouse/clickhouse.ts';

export type GenerationStatus = 'creating' | 'building' | 'live' | 'retired' | 'dropped';

/** Statuses only move forward; the stored row with the highest rank is the current one. */
export const STATUS_RANK: Record<GenerationStatus, number> = {
  creating: 0,
  building: 1,
  live: 2,
  retired: 3,
  dropped: 4,
};

/** A stable reader view: its name and the SELECT it runs over one generation's tables. */
export interface ReaderView {
  readonly name: string;
  readonly query: string;
}

export interface GenerationRecord {
  readonly projection: string;
  readonly generation: number;
  readonly version: number;
  readonly status: GenerationStatus;
  /** Physical tables and views, in creation order. */
  readonly objects: readonly string[];
  readonly views: readonly ReaderView[];
}

export interface CheckpointRecord {
  readonly projection: string;
  readonly generation: number;
  /** Every store event up to here is folded in. */
  readonly position: bigint;
  /** Rows inserted into the generation's tables up to here. */
  readonly rows: number;
  /** Close time of the ledger of the event at `position`, when known ('' when not). */
  readonly closeTime: string;
}

export interface IntentRecord {
  readonly projection: string;
  readonly generation: number;
  readonly from: bigint;
  readonly to: bigint;
}

/** The runner's bookkeeping in ClickHouse: generations, checkpoints and batch intents. */
export interface RunnerState {
  generations(): Promise<GenerationRecord[]>;
  putGeneration(record: GenerationRecord): Promise<void>;
  checkpoint(projection: string, generation: number): Promise<CheckpointRecord | null>;
  putCheckpoints(records: readonly CheckpointRecord[]): Promise<void>;
  intent(projection: string, generation: number): Promise<IntentRecord | null>;
  putIntents(records: readonly IntentRecord[]): Promise<void>;
}

interface GenerationRow {
  projection_name: string;
  generation: number | string;
  version: number | string;
  status: GenerationStatus;
  objects: string[];
  views: string;
}

export function createRunnerState(ch: ClickHouse): RunnerState {
  const put = (table: string, rows: readonly object[], what: string) =>
    ch.insertJsonLines(table, rows.map((r) => JSON.stringify(r)).join('\n'), { token: null, what });

  return {
    async generations() {
      const rows = await ch.query<GenerationRow>(
        `SELECT projection_name, generation, version, status, objects, views
         FROM _projection_generations
         ORDER BY projection_name, generation, status_rank DESC
         LIMIT 1 BY projection_name, generation`,
        { what: 'read _projection_generations' },
      );
      return rows.map((r) => ({
        projection: r.projection_name,
        generation: Number(r.generation),
        version: Number(r.version),
        status: r.status,
        objects: r.objects,
        views: r.views === '' ? [] : (JSON.parse(r.views) as ReaderView[]),
      }));
    },
    async putGeneration(record) {
      await put(
        '_projection_generations',
        [
          {
            projection_name: record.projection,
            generation: record.generation,
            version: record.version,
            status: record.status,
            status_rank: STATUS_RANK[record.status],
            objects: record.objects,
            views: JSON.stringify(record.views),
          },
        ],
        `mark ${record.projection} generation ${record.generation} ${record.status}`,
      );
    },
    async checkpoint(projection, generation) {
      const rows = await ch.query<{ position: string; rows: string; close_time: string }>(
        `SELECT position, rows, close_time FROM _projection_checkpoints
         WHERE projection_name = {projection:String} AND generation = {generation:UInt32}
         ORDER BY position DESC LIMIT 1`,
        { params: { projection, generation }, what: `read checkpoint of ${projection}` },
      );
      const row = rows[0];
      if (row === undefined) return null;
      return {
        projection,
        generation,
        position: BigInt(row.position),
        rows: Number(row.rows),
        closeTime: row.close_time,
      };
    },
    async putCheckpoints(records) {
      if (records.length === 0) return;
      await put(
        '_projection_checkpoints',
        records.map((r) => ({
          projection_name: r.projection,
          generation: r.generation,
          position: r.position.toString(),
          rows: r.rows,
          close_time: r.closeTime,
        })),
        `write checkpoints of ${records.map((r) => r.projection).join(', ')}`,
      );
    },
    async intent(projection, generation) {
      const rows = await ch.query<{ from_position: string; to_position: string }>(
        `SELECT from_position, to_position FROM _projection_intents
         WHERE projection_name = {projection:String} AND generation = {generation:UInt32}
         ORDER BY to_position DESC LIMIT 1`,
        { params: { projection, generation }, what: `read intent of ${projection}` },
      );
      const row = rows[0];
      if (row === undefined) return null;
      return { projection, generation, from: BigInt(row.from_position), to: BigInt(row.to_position) };
    },
    async putIntents(records) {
      if (records.length === 0) return;
      await put(
        '_projection_intents',
        records.map((r) => ({
          projection_name: r.projection,
          generation: r.generation,
          from_position: r.from.toString(),
          to_position: r.to.toString(),
        })),
        `write intents of ${records.map((r) => r.projection).join(', ')}`,
      );
    },
  };
}
