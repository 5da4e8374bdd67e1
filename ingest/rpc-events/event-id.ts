import { parseToid } from '../../contracts/ids.ts';

/** Where getEvents put an event, read from its id `%019d-%010d` (TOID and event index). */
export interface RpcEventPosition {
  readonly ledger: number;
  /** Stellar RPC's transaction index: the application order, or a sentinel for ledger-wide stages. */
  readonly tx: number;
  /** Stellar RPC's operation index: 0-based, or 4095 for after-transaction events. */
  readonly op: number;
  readonly index: number;
  /**
   * `operation` for an operation's event; otherwise the transaction-level stage the sentinels encode
   * (stellar-rpc db/event.go): before all transactions = tx 0, after each transaction = op 4095,
   * after all transactions = tx 1048575.
   */
  readonly stage: 'operation' | 'beforeAllTxs' | 'afterTx' | 'afterAllTxs';
}

const TX_MAX = 0xfffff;
const OP_MAX = 0xfff;
const ID = /^(\d{19})-(\d{10})$/;

export function parseRpcEventId(id: string): RpcEventPosition | null {
  const m = ID.exec(id);
  if (m === null) return null;
  const index = Number(m[2]);
  const { ledger, txOrder: tx, opIndex: op } = parseToid(BigInt(m[1] as string));
  if (index > 0xffffffff) return null;
  const stage =
    tx === 0 ? 'beforeAllTxs' : tx === TX_MAX ? 'afterAllTxs' : op === OP_MAX ? 'afterTx' : 'operation';
  return { ledger, tx, op, index, stage };
}

/** Compares two getEvents ids or cursors (both `%019d-%010d`); negative when `a` is first. */
export function compareRpcIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The cursor after every event of `ledger` (RPC's end-of-window cursor for that ledger). */
export const endOfLedgerCursor = (ledger: number): string =>
  `${((BigInt(ledger) << 32n) | (BigInt(TX_MAX) << 12n) | BigInt(OP_MAX)).toString().padStart(19, '0')}-4294967295`;

/** The ledger a cursor is in, or undefined when it is not a getEvents cursor. */
export const ledgerOfRpcCursor = (cursor: string | undefined): number | undefined =>
  cursor === undefined ? undefined : parseRpcEventId(cursor)?.ledger;
