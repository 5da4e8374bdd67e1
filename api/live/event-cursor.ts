import { apiError } from '../errors.ts';
import { decodeCursor, encodeCursor } from '../read/connection.ts';

/** Every subscription item carries the store position of its event as an opaque cursor. */
export const eventCursor = (position: bigint): string => encodeCursor('events', [position.toString()]);

export function eventPosition(cursor: string): bigint {
  const [position] = decodeCursor('events', cursor, 1);
  if (position === undefined || !/^\d{1,20}$/.test(position))
    throw apiError('API_ERR_BAD_CURSOR', `after "${cursor.slice(0, 60)}" is not a subscription cursor`, {
      details: { argument: 'after' },
    });
  return BigInt(position);
}
