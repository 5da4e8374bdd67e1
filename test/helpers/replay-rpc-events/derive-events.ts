import { StrKey, type xdr } from '@stellar/stellar-sdk';
import { bytesOf } from '../../../ingest/decode/bytes.ts';
import { type FixtureLedger, type FixtureTx, rfc3339 } from './fixture-ledgers.ts';

/** One getEvents event exactly as stellar-rpc returns it (xdrFormat base64), plus what filters read. */
export interface RpcEventRow {
  readonly type: string;
  readonly ledger: number;
  readonly ledgerClosedAt: string;
  readonly contractId: string;
  readonly id: string;
  readonly operationIndex: number;
  readonly transactionIndex: number;
  readonly txHash: string;
  readonly inSuccessfulContractCall: boolean;
  readonly topic: readonly string[];
  readonly value: string;
}

export interface DerivedEvents {
  /** Every event of the ledgers, sorted by id (the order getEvents scans in). */
  readonly rows: readonly RpcEventRow[];
  readonly txs: ReadonlyMap<string, { ledger: FixtureLedger; tx: FixtureTx }>;
  readonly firstLedger: number;
  readonly lastLedger: number;
  readonly closeTimes: ReadonlyMap<number, number>;
}

const TX_MAX = 0xfffff;
const OP_MAX = 0xfff;

/** stellar-rpc's cursor text: `%019d-%010d` of TOID(ledger, tx, op) and the event index. */
export function rpcCursor(ledger: number, tx: number, op: number, event: number): string {
  const toid = (BigInt(ledger) << 32n) | (BigInt(tx) << 12n) | BigInt(op);
  return `${toid.toString().padStart(19, '0')}-${event.toString().padStart(10, '0')}`;
}

type Located = { event: xdr.ContractEvent; tx: number; op: number; index: number };

function row(ledger: FixtureLedger, tx: FixtureTx, at: Located): RpcEventRow {
  const e = at.event as unknown as {
    type: { name: string };
    contractId: unknown;
    body: { v0: { topics: xdr.ScVal[]; data: xdr.ScVal } };
  };
  return {
    type: e.type.name,
    ledger: ledger.sequence,
    ledgerClosedAt: rfc3339(ledger.closeTime),
    contractId:
      e.contractId === null || e.contractId === undefined
        ? ''
        : StrKey.encodeContract(Buffer.from(bytesOf(e.contractId))),
    id: rpcCursor(ledger.sequence, at.tx, at.op, at.index),
    operationIndex: at.op,
    transactionIndex: at.tx,
    txHash: tx.hash,
    inSuccessfulContractCall: tx.successful,
    topic: e.body.v0.topics.map((t) => t.toXDR('base64')),
    value: e.body.v0.data.toXDR('base64'),
  };
}

/**
 * The fixture ledgers' contract events as stellar-rpc (db/event.go, Protocol 23+) stores them: fee
 * charges (before all transactions) under TOID(ledger, 0, 0) with a ledger-wide index, each
 * operation's events under TOID(ledger, tx, op) with op counted from 0, after-transaction events under
 * op 4095, and refunds (after all transactions) under TOID(ledger, 1048575, 0). Diagnostic events are
 * not stored. Every value is re-encoded from the ledger's own XDR.
 */
export function deriveEvents(ledgers: readonly FixtureLedger[]): DerivedEvents {
  const rows: RpcEventRow[] = [];
  const txs = new Map<string, { ledger: FixtureLedger; tx: FixtureTx }>();
  const closeTimes = new Map<number, number>();
  for (const ledger of ledgers) {
    closeTimes.set(ledger.sequence, ledger.closeTime);
    let before = 0;
    let after = 0;
    for (const tx of ledger.txs) {
      txs.set(tx.hash, { ledger, tx });
      const m = tx.meta as unknown as {
        type: string;
        v4?: {
          events: { stage: { name: string }; event: xdr.ContractEvent }[];
          operations: { events: xdr.ContractEvent[] }[];
        };
      };
      if (m.type !== 'v4' || m.v4 === undefined) continue;
      let afterTx = 0;
      for (const te of m.v4.events) {
        const stage = te.stage.name;
        if (stage.endsWith('BeforeAllTxs'))
          rows.push(row(ledger, tx, { event: te.event, tx: 0, op: 0, index: before++ }));
        else if (stage.endsWith('AfterAllTxs'))
          rows.push(row(ledger, tx, { event: te.event, tx: TX_MAX, op: 0, index: after++ }));
        else rows.push(row(ledger, tx, { event: te.event, tx: tx.order, op: OP_MAX, index: afterTx++ }));
      }
      m.v4.operations.forEach((op, opIndex) => {
        op.events.forEach((event, index) => {
          rows.push(row(ledger, tx, { event, tx: tx.order, op: opIndex, index }));
        });
      });
    }
  }
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sequences = ledgers.map((l) => l.sequence);
  return { rows, txs, firstLedger: Math.min(...sequences), lastLedger: Math.max(...sequences), closeTimes };
}
