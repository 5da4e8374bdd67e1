import type { Projection } from '../../contracts/projection.ts';
import { physicalName } from './generation-schema.ts';
import type { GenerationRecord } from './runner-state.ts';
import type { TableEncoder } from './table-encoder.ts';

/** One generation of one projection being fed: where it stands, in memory and as stored. */
export interface Worker {
  readonly projection: Projection;
  readonly generation: GenerationRecord;
  status: 'building' | 'live';
  readonly types: ReadonlySet<string>;
  /** Logical table (kind 'table') → physical table of this generation, in declared order. */
  readonly tables: ReadonlyMap<string, string>;
  /**
   * Logical table → its TabSeparated encoder (null: JSONEachRow), once `loadTableEncoders` looked up
   * the columns; a table missing here goes as JSONEachRow.
   */
  encoders: ReadonlyMap<string, TableEncoder | null>;
  /** Folded up to here; may be ahead of `persisted` when the events since had no rows for it. */
  position: bigint;
  /** The stored checkpoint. */
  persisted: bigint;
  /** Rows inserted up to `position`. */
  rows: number;
  /** Close time of the ledger at `position` ('' when unknown). */
  closeTime: string;
  /** Rows and batches written by this process. */
  written: number;
  batches: number;
}

export function createWorker(
  projection: Projection,
  generation: GenerationRecord,
  checkpoint: { position: bigint; rows: number; closeTime: string } | null,
): Worker {
  const tables = new Map<string, string>();
  for (const t of projection.tables) {
    if (t.kind === 'table') tables.set(t.name, physicalName(t.name, generation.generation));
  }
  return {
    projection,
    generation,
    status: generation.status === 'live' ? 'live' : 'building',
    types: new Set(projection.eventTypes),
    tables,
    encoders: new Map(),
    position: checkpoint?.position ?? 0n,
    persisted: checkpoint?.position ?? 0n,
    rows: checkpoint?.rows ?? 0,
    closeTime: checkpoint?.closeTime ?? '',
    written: 0,
    batches: 0,
  };
}

export const workerLabel = (w: Worker): string => `${w.projection.name}#g${w.generation.generation}`;
