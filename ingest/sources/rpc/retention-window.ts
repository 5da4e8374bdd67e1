/** The ledgers a Stellar RPC server keeps: oldest and latest, inclusive. */
export interface RetentionWindow {
  readonly oldest: number;
  readonly latest: number;
}

/**
 * Reads the window from Stellar RPC's refusal of a start outside it (JSON-RPC -32600), e.g.
 * `start ledger (100) must be between the oldest ledger: 2 and the latest ledger: 99 for this rpc
 * instance` (also the `cursor …` and `startLedger …` wordings). Undefined for other messages.
 */
export function parseWindowMessage(message: string): RetentionWindow | undefined {
  const match = /oldest ledger:?\s*(\d+)\D+?latest ledger:?\s*(\d+)/i.exec(message);
  if (match === null || match[1] === undefined || match[2] === undefined) return undefined;
  return { oldest: Number(match[1]), latest: Number(match[2]) };
}
