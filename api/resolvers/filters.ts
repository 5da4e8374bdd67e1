import { compareAssets } from '../../projections/read-models/pair.ts';
import { apiError } from '../errors.ts';
import { assetArg, timeArg } from '../read/args.ts';

export interface TimeRangeArgs {
  readonly from?: string | null;
  readonly to?: string | null;
}

/** `from` inclusive, `to` exclusive, on a DateTime column. */
export function timeRange(
  args: TimeRangeArgs,
  column: string,
  filters: string[],
  params: Record<string, unknown>,
): void {
  if (args.from != null) {
    params.from = timeArg(args.from, 'from');
    filters.push(`${column} >= toDateTime({from:String}, 'UTC')`);
  }
  if (args.to != null) {
    params.to = timeArg(args.to, 'to');
    filters.push(`${column} < toDateTime({to:String}, 'UTC')`);
  }
}

export interface PairInput {
  readonly base: string;
  readonly counter: string;
}

/** The pair in read-model order (`native` first, else byte order); either order is accepted. */
export function pairArg(pair: PairInput): { base: string; counter: string } {
  const a = assetArg(pair.base, 'pair.base');
  const b = assetArg(pair.counter, 'pair.counter');
  if (a === b)
    throw apiError(
      'API_ERR_BAD_ARGUMENT',
      `pair.base and pair.counter are both "${a}": a pair needs two assets`,
      {
        details: { argument: 'pair' },
      },
    );
  return compareAssets(a, b) < 0 ? { base: a, counter: b } : { base: b, counter: a };
}
