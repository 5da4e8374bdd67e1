import { tradesProjection } from '../../projections/read-models/index.ts';
import { type PairInput, pairArg } from '../resolvers/filters.ts';
import { intervalArg, tradeNode } from '../resolvers/trades.ts';
import { type CandleState, foldCandle } from './candle-fold.ts';
import { rowOf } from './from-rows.ts';
import { subscriptionField } from './subscription-field.ts';

export const tradesSubscription = subscriptionField(
  'trades',
  (args: { after?: string | null; pair: PairInput }) => {
    const pair = pairArg(args.pair);
    return {
      types: ['TradeExecuted'],
      itemOf: (event) => {
        const row = rowOf(tradesProjection, 'trades', event);
        if (row === null || row.base_asset !== pair.base || row.counter_asset !== pair.counter) return null;
        return tradeNode(row);
      },
    };
  },
);

/**
 * The candle of each trade's bucket, updated by that trade. The fold starts at the subscription's
 * first trade: a candle whose bucket began before `after` (or before subscribing) covers only the
 * trades seen since; the `candles` query has the whole bucket.
 */
export const candlesSubscription = subscriptionField(
  'candles',
  (args: { after?: string | null; pair: PairInput; interval: string }) => {
    const pair = pairArg(args.pair);
    const interval = intervalArg(args.interval);
    let state: CandleState | null = null;
    return {
      types: ['TradeExecuted'],
      stateful: true,
      itemOf: (event) => {
        const row = rowOf(tradesProjection, 'trades', event);
        if (row === null || row.base_asset !== pair.base || row.counter_asset !== pair.counter) return null;
        if (row.price === null) return null;
        state = foldCandle(state, row, interval);
        return state.candle;
      },
    };
  },
);
