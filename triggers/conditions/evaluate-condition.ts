import type { ReadModelCondition } from '../rules/rule-types.ts';
import { evaluatePoolReserves } from './pool-reserves.ts';
import { evaluatePriceChange } from './price-change.ts';
import type { AsOf, ConditionResult, ReadModelReader } from './read-model-reader.ts';
import { evaluateTransfersInto } from './transfers-into.ts';
import { evaluateVolume } from './volume.ts';

/**
 * A read-model condition as of a ledger: the window ends at its close time (inclusive) and only rows
 * of ledgers up to it count, so the answer for a ledger never changes once the read models hold it.
 */
export function evaluateCondition(
  reader: ReadModelReader,
  condition: ReadModelCondition,
  asOf: AsOf,
): Promise<ConditionResult> {
  switch (condition.type) {
    case 'volume':
      return evaluateVolume(reader, condition, asOf);
    case 'priceChange':
      return evaluatePriceChange(reader, condition, asOf);
    case 'transfersInto':
      return evaluateTransfersInto(reader, condition, asOf);
    case 'poolReserves':
      return evaluatePoolReserves(reader, condition, asOf);
  }
}

/** The read models (projection names, also the table names) a condition reads. */
export function conditionProjections(condition: ReadModelCondition): readonly string[] {
  if (condition.type === 'poolReserves') return ['liquidity_pools'];
  return condition.type === 'transfersInto' ? ['token_transfers'] : ['trades'];
}
