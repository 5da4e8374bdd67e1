import type { ContractEventEmitted } from './contract-event-emitted.ts';
import type { LedgerClosed } from './ledger-closed.ts';
import type { LiquidityPoolUpdated } from './liquidity-pool-updated.ts';
import type { OperationApplied } from './operation-applied.ts';
import type { TokenTransferred } from './token-transferred.ts';
import type { TradeExecuted } from './trade-executed.ts';
import type { TransactionApplied } from './transaction-applied.ts';

export * from './contract-event-emitted.ts';
export * from './effect-recorded.ts';
export * from './envelope.ts';
export * from './horizon-ledger-recorded.ts';
export * from './ledger-closed.ts';
export * from './liquidity-pool-updated.ts';
export * from './operation-applied.ts';
export * from './token-transferred.ts';
export * from './trade-executed.ts';
export * from './transaction-applied.ts';
export * from './trigger-fired.ts';

/** Every fact the ledger path produces. */
export type LedgerFact =
  | LedgerClosed
  | TransactionApplied
  | OperationApplied
  | TradeExecuted
  | ContractEventEmitted
  | TokenTransferred
  | LiquidityPoolUpdated;

export type LedgerFactType = LedgerFact['type'];

export const LEDGER_FACT_TYPES: readonly LedgerFactType[] = [
  'LedgerClosed',
  'TransactionApplied',
  'OperationApplied',
  'TradeExecuted',
  'ContractEventEmitted',
  'TokenTransferred',
  'LiquidityPoolUpdated',
];
