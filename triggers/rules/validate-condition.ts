import { liquidityPoolIdHex } from '../../projections/read-models/liquidity-pools.ts';
import { join, type ProblemSink, shown } from './problems.ts';
import type { PairSpec, ReadModelCondition } from './rule-types.ts';
import {
  checkKeys,
  isAsset,
  isRecord,
  readAccount,
  readAsset,
  readDecimal,
  readInteger,
  readSeconds,
} from './values.ts';

const KINDS = ['volume', 'priceChange', 'transfersInto', 'poolReserves'];
/** Windows up to 366 days. */
const WINDOW = { min: 1, max: 366 * 86_400 };

function readPair(raw: unknown, field: string, sink: ProblemSink): PairSpec | undefined {
  const parts = typeof raw === 'string' ? raw.split('/') : [];
  const [base, counter] = parts;
  if (
    parts.length === 2 &&
    base !== undefined &&
    counter !== undefined &&
    isAsset(base) &&
    isAsset(counter) &&
    base !== counter
  ) {
    return { base, counter };
  }
  sink.add(
    field,
    `${shown(raw)} is not a pair; write "BASE/COUNTER" with two different assets, each "native" or "CODE:ISSUER"`,
  );
  return undefined;
}

function readPositive(raw: unknown, field: string, sink: ProblemSink): string | undefined {
  const n = readInteger(raw, field, sink);
  if (n !== undefined && BigInt(n) < 0n) {
    sink.add(field, `${n} is negative; a threshold on a sum of amounts is 0 or more`);
    return undefined;
  }
  return n;
}

function volume(
  raw: Record<string, unknown>,
  field: string,
  sink: ProblemSink,
): ReadModelCondition | undefined {
  checkKeys(raw, ['pair', 'windowSeconds', 'side', 'gte'], field, sink);
  const pair = readPair(raw.pair, join(field, 'pair'), sink);
  const windowSeconds = readSeconds(raw.windowSeconds, join(field, 'windowSeconds'), sink, WINDOW);
  const side = raw.side ?? 'base';
  if (side !== 'base' && side !== 'counter')
    sink.add(join(field, 'side'), `${shown(side)} is not base or counter`);
  const gte = readPositive(raw.gte, join(field, 'gte'), sink);
  if (pair === undefined || windowSeconds === undefined || gte === undefined) return undefined;
  if (side !== 'base' && side !== 'counter') return undefined;
  return { type: 'volume', pair, windowSeconds, side, gte };
}

function priceChange(
  raw: Record<string, unknown>,
  field: string,
  sink: ProblemSink,
): ReadModelCondition | undefined {
  checkKeys(raw, ['pair', 'windowSeconds', 'gtePercent', 'ltePercent'], field, sink);
  const pair = readPair(raw.pair, join(field, 'pair'), sink);
  const windowSeconds = readSeconds(raw.windowSeconds, join(field, 'windowSeconds'), sink, WINDOW);
  const given = ['gtePercent', 'ltePercent'].filter((k) => raw[k] !== undefined);
  if (given.length !== 1) {
    sink.add(
      field,
      `give exactly one of gtePercent, ltePercent (got ${given.length === 0 ? 'none' : 'both'})`,
    );
    return undefined;
  }
  const key = given[0] as 'gtePercent' | 'ltePercent';
  const percent = readDecimal(raw[key], join(field, key), sink);
  if (pair === undefined || windowSeconds === undefined || percent === undefined) return undefined;
  return { type: 'priceChange', pair, windowSeconds, [key]: percent };
}

function transfersInto(
  raw: Record<string, unknown>,
  field: string,
  sink: ProblemSink,
): ReadModelCondition | undefined {
  checkKeys(raw, ['account', 'asset', 'windowSeconds', 'gte'], field, sink);
  const account = readAccount(raw.account, join(field, 'account'), sink);
  const asset =
    raw.asset === undefined || raw.asset === null
      ? null
      : readAsset(raw.asset, join(field, 'asset'), sink, { allowContract: true });
  const windowSeconds = readSeconds(raw.windowSeconds, join(field, 'windowSeconds'), sink, WINDOW);
  const gte = readPositive(raw.gte, join(field, 'gte'), sink);
  if (account === undefined || asset === undefined || windowSeconds === undefined || gte === undefined)
    return undefined;
  return { type: 'transfersInto', account, asset, windowSeconds, gte };
}

function poolReserves(
  raw: Record<string, unknown>,
  field: string,
  sink: ProblemSink,
): ReadModelCondition | undefined {
  checkKeys(raw, ['pool', 'asset', 'below'], field, sink);
  const pool = typeof raw.pool === 'string' ? liquidityPoolIdHex(raw.pool) : null;
  if (pool === null)
    sink.add(
      join(field, 'pool'),
      `${shown(raw.pool)} is not a liquidity pool id (64 hex characters or an L… strkey)`,
    );
  const asset = readAsset(raw.asset, join(field, 'asset'), sink, { allowContract: false });
  const below = readPositive(raw.below, join(field, 'below'), sink);
  if (pool === null || asset === undefined || asset === null || below === undefined) return undefined;
  return { type: 'poolReserves', pool, asset, below };
}

/** The `condition` of a read-model rule: exactly one of volume, priceChange, transfersInto, poolReserves. */
export function validateCondition(
  raw: unknown,
  field: string,
  sink: ProblemSink,
): ReadModelCondition | undefined {
  const keys = isRecord(raw) ? Object.keys(raw) : [];
  if (!isRecord(raw) || keys.length !== 1) {
    sink.add(field, `${shown(raw)} is not one condition; give exactly one of ${KINDS.join(', ')}`);
    return undefined;
  }
  const kind = keys[0] as string;
  const body = raw[kind];
  const at = join(field, kind);
  if (!KINDS.includes(kind)) {
    sink.add(at, `unknown condition; expected one of ${KINDS.join(', ')}`);
    return undefined;
  }
  if (!isRecord(body)) {
    sink.add(at, `${shown(body)} is not a map of the condition's settings`);
    return undefined;
  }
  if (kind === 'volume') return volume(body, at, sink);
  if (kind === 'priceChange') return priceChange(body, at, sink);
  if (kind === 'poolReserves') return poolReserves(body, at, sink);
  return transfersInto(body, at, sink);
}
