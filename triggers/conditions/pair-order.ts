import { compareAssets } from '../../projections/read-models/pair.ts';
import type { PairSpec } from '../rules/rule-types.ts';

export interface OrientedPair {
  /** The pair as the `trades` read model keys it (native first, then byte order). */
  readonly base: string;
  readonly counter: string;
  /** True when the rule wrote it the other way round: its base is the read model's counter. */
  readonly swapped: boolean;
  /** As the rule wrote it. */
  readonly text: string;
}

export function orientPair(pair: PairSpec): OrientedPair {
  const swapped = compareAssets(pair.base, pair.counter) > 0;
  return {
    base: swapped ? pair.counter : pair.base,
    counter: swapped ? pair.base : pair.counter,
    swapped,
    text: `${pair.base}/${pair.counter}`,
  };
}
