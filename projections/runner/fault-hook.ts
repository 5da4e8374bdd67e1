import { projectionError } from '../errors.ts';

/**
 * Points in a batch where a test can make the runner die as `kill -9` would:
 * - `after-intent`: the intent row is stored, nothing inserted yet;
 * - `after-table`:  the first table of the batch is inserted, the others maybe not;
 * - `after-insert`: every table is inserted, the checkpoint is not written.
 */
export const FAULT_POINTS = ['after-intent', 'after-table', 'after-insert'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

/** Called at each fault point with the projection and its 1-based batch number in this process. */
export type FaultHook = (point: FaultPoint, projection: string, batch: number) => void;

export const noFault: FaultHook = () => {};

/**
 * TEST ONLY. `STELLAR_INDEXER_FAULT=POINT:PROJECTION:N` sends SIGKILL to this process at POINT of
 * the Nth batch (with rows) that PROJECTION writes, to prove that a rerun redoes exactly that batch.
 */
export function faultHookFromEnv(value: string | undefined): FaultHook {
  if (value === undefined || value === '') return noFault;
  const [point, projection, n, ...rest] = value.split(':');
  const batch = Number(n);
  if (
    rest.length > 0 ||
    !FAULT_POINTS.includes(point as FaultPoint) ||
    projection === undefined ||
    projection === '' ||
    !Number.isInteger(batch) ||
    batch < 1
  ) {
    throw projectionError(
      'PROJ_ERR_FAULT_SPEC',
      `STELLAR_INDEXER_FAULT="${value}" is not POINT:PROJECTION:N with POINT one of ${FAULT_POINTS.join(', ')} and N >= 1; unset it outside tests`,
      { details: { value } },
    );
  }
  return (at, name, count) => {
    if (at === point && name === projection && count === batch) process.kill(process.pid, 'SIGKILL');
  };
}
