import type { EffectRecorded } from '../../contracts/events/effect-recorded.ts';
import type { HorizonLedgerRecorded } from '../../contracts/events/horizon-ledger-recorded.ts';
import type { OperationApplied } from '../../contracts/events/operation-applied.ts';
import type { TradeExecuted } from '../../contracts/events/trade-executed.ts';
import type { TransactionApplied } from '../../contracts/events/transaction-applied.ts';
import { parseToid } from '../../contracts/ids.ts';
import { mapEffect } from './map-effect.ts';
import { mapLedger } from './map-ledger.ts';
import { createTransactionDecoder, mapOperation } from './map-operation.ts';
import { mapTrade } from './map-trade.ts';
import { mapTransaction } from './map-transaction.ts';
import { type RecordContext, recordReader } from './record-fields.ts';
import type { HorizonRecord } from './sse-stream.ts';
import type { TxHashResolver } from './tx-hash-resolver.ts';

/** The facts Horizon records become, one per record. */
export type HorizonFact =
  | HorizonLedgerRecorded
  | TransactionApplied
  | OperationApplied
  | TradeExecuted
  | EffectRecorded;

export type RecordMapper = (record: HorizonRecord) => HorizonFact | Promise<HorizonFact>;

/**
 * Maps the records of one endpoint onto the contracts' facts:
 * ledgers → HorizonLedgerRecorded, transactions → TransactionApplied, operations and payments →
 * OperationApplied, trades → TradeExecuted, effects → EffectRecorded. Where the ledger path has the
 * same fact, the id is the same (Horizon paging tokens are the same chain coordinates). Trades and
 * effects get their transaction hash from `resolveTxHash` (their records only carry its TOID).
 */
export function createRecordMapper(ctx: RecordContext, resolveTxHash: TxHashResolver | null): RecordMapper {
  const decodeTx = createTransactionDecoder(ctx);
  const txHashOf = async (record: HorizonRecord): Promise<string | null> => {
    if (resolveTxHash === null) return null;
    const { ledger, txOrder } = parseToid(record.token.toid);
    return txOrder === 0 ? null : resolveTxHash(ledger, txOrder, record.token.text);
  };
  return (record) => {
    const r = recordReader(ctx, record.token, record.record);
    switch (ctx.endpoint) {
      case 'ledgers':
        return mapLedger(r, ctx.network);
      case 'transactions':
        return mapTransaction(r, ctx);
      case 'operations':
      case 'payments':
        return mapOperation(r, ctx, decodeTx);
      case 'trades':
        return txHashOf(record).then((hash) => mapTrade(r, ctx.network, hash));
      case 'effects':
        return txHashOf(record).then((hash) => mapEffect(r, ctx.network, hash));
    }
  };
}
