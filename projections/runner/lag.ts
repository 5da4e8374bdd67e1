import type { Worker } from './worker.ts';

/** Where one generation of a projection stands against the store: what a metrics endpoint exposes. */
export interface ProjectionStatus {
  readonly projection: string;
  readonly generation: number;
  readonly status: 'building' | 'live';
  /** Store position folded in so far. */
  readonly position: bigint;
  /** The store head as last seen. */
  readonly head: bigint;
  /** Store events not folded in yet: head minus position. */
  readonly lagEvents: bigint;
  /** Ledger close time of the head minus that of the position; null when either is unknown. */
  readonly lagSeconds: number | null;
  /** Rows inserted into this generation, in total and by this process. */
  readonly rows: number;
  readonly written: number;
}

export function workerStatus(worker: Worker, head: bigint, headCloseTime: string): ProjectionStatus {
  const lagEvents = head > worker.position ? head - worker.position : 0n;
  return {
    projection: worker.projection.name,
    generation: worker.generation.generation,
    status: worker.status,
    position: worker.position,
    head: head > worker.position ? head : worker.position,
    lagEvents,
    lagSeconds: lagSeconds(lagEvents, headCloseTime, worker.closeTime),
    rows: worker.rows,
    written: worker.written,
  };
}

function lagSeconds(lagEvents: bigint, headCloseTime: string, closeTime: string): number | null {
  if (lagEvents === 0n) return 0;
  const head = Date.parse(headCloseTime);
  const at = Date.parse(closeTime);
  if (Number.isNaN(head) || Number.isNaN(at)) return null;
  return Math.max(0, (head - at) / 1000);
}
