/**
 * Deterministic IDs from chain coordinates, in the style of Horizon paging tokens (TOIDs):
 * ledger sequence in the high 32 bits, application order of the transaction (1-based) in the next
 * 20 bits, and operation index (1-based) in the low 12 bits.
 *
 * - ledger:      toid(L, 0, 0)                 same as Horizon's ledger paging token
 * - transaction: toid(L, T, 0)                 same as Horizon's transaction paging token
 * - operation:   toid(L, T, O)                 same as Horizon's operation paging token
 * - trade:       `${toid(L, T, O)}-${index}`    same as Horizon's trade paging token (0-based)
 * - event:       `${pad19(toid(L, T, O))}-${pad10(index)}`, in the zero-padded form of Stellar RPC
 *                getEvents IDs, but with our coordinates: operations count from 1 (as in Horizon's
 *                TOIDs) and the transaction's own events (fees) use operation 0. RPC's own ids count
 *                operations from 0 and give fee events placeholder coordinates, so the getEvents source
 *                rebuilds this id from each event's coordinates instead of copying RPC's.
 *
 * IDs are unique per event type; the store keys a fact by (type, id).
 */
const TX_MASK = (1n << 20n) - 1n;
const OP_MASK = (1n << 12n) - 1n;

export function toid(ledger: number, txOrder: number, opIndex: number): bigint {
  const t = BigInt(txOrder);
  const o = BigInt(opIndex);
  if (t > TX_MASK || o > OP_MASK || ledger < 0 || txOrder < 0 || opIndex < 0) {
    throw new RangeError(`coordinates out of TOID range: ledger ${ledger}, tx ${txOrder}, op ${opIndex}`);
  }
  return (BigInt(ledger) << 32n) | (t << 12n) | o;
}

export function parseToid(id: bigint): { ledger: number; txOrder: number; opIndex: number } {
  return {
    ledger: Number(id >> 32n),
    txOrder: Number((id >> 12n) & TX_MASK),
    opIndex: Number(id & OP_MASK),
  };
}

export const ledgerId = (ledger: number): string => toid(ledger, 0, 0).toString();
export const transactionId = (ledger: number, txOrder: number): string => toid(ledger, txOrder, 0).toString();
export const operationId = (ledger: number, txOrder: number, opIndex: number): string =>
  toid(ledger, txOrder, opIndex).toString();
export const tradeId = (ledger: number, txOrder: number, opIndex: number, index: number): string =>
  `${toid(ledger, txOrder, opIndex)}-${index}`;
export const eventId = (ledger: number, txOrder: number, opIndex: number, index: number): string =>
  `${toid(ledger, txOrder, opIndex).toString().padStart(19, '0')}-${index.toString().padStart(10, '0')}`;
