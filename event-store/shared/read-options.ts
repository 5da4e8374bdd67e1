import { STORE_ERR_INVALID_ARGUMENT, storeError } from '../errors.ts';

/** Checks `after`/`from` (a bigint >= 0) and `limit` (an integer >= 0) of the read methods. */
export function validateReadOptions(
  method: string,
  options: { after?: bigint | undefined; from?: bigint | undefined; limit?: number | undefined },
): void {
  for (const field of ['after', 'from'] as const) {
    const value = options[field];
    if (value !== undefined && (typeof value !== 'bigint' || value < 0n)) {
      throw storeError(
        STORE_ERR_INVALID_ARGUMENT,
        `${method}: ${field} must be a bigint >= 0, got ${String(value)}`,
        {
          details: { method, field },
        },
      );
    }
  }
  const { limit } = options;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw storeError(
      STORE_ERR_INVALID_ARGUMENT,
      `${method}: limit must be an integer >= 0, got ${String(limit)}`,
      {
        details: { method, field: 'limit' },
      },
    );
  }
}
