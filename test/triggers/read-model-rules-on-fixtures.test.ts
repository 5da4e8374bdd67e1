import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenTransferred } from '../../contracts/events/token-transferred.ts';
import type { TradeExecuted } from '../../contracts/events/trade-executed.ts';
import type { TriggerFired } from '../../contracts/events/trigger-fired.ts';
import type { ClickHouse } from '../../projections/clickhouse/clickhouse.ts';
import { evaluateHistory } from '../../triggers/engine/evaluate-history.ts';
import { parseRulesText } from '../../triggers/rules/parse-rules.ts';
import type { TestClickHouse } from '../projections/helpers/test-clickhouse.ts';
import { busiestPair, inWindow, type PairTrade, pairTrade } from './helpers/pairs.ts';
import {
  type LedgerInfo,
  projectedP26Store,
  storedOfType,
  type TempStore,
} from './helpers/trigger-fixture.ts';

const WINDOW = 30;
const PRICE_WINDOW = 60;

let t: TempStore;
let tch: TestClickHouse;
let ch: ClickHouse;
let ledgers: LedgerInfo[];
let trades: PairTrade[];
let pair: { pair: string; trades: PairTrade[] };
let receiver: string;
let received: { ledger: number; seconds: number; token: string; amount: bigint }[];
let volumeThreshold: bigint;
let totalThreshold: bigint;
let priceThreshold: string;
let firings: readonly TriggerFired[];

const median = (values: readonly bigint[]): bigint =>
  [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))[Math.floor(values.length / 2)] as bigint;
const firedOf = (rule: string): Map<number, TriggerFired> =>
  new Map(firings.filter((f) => f.data.rule === rule).map((f) => [f.ledger, f]));

/** Base volume of the busy pair in the window of each ledger, from the TradeExecuted facts. */
const volumeAt = (l: LedgerInfo) => {
  const list = inWindow(pair.trades, l.ledger, l.seconds, WINDOW);
  return { volume: list.reduce((s, x) => s + x.baseAmount, 0n), trades: list.length };
};

/** First and last priced trade of the window; holds when the change is >= the threshold, exactly. */
function priceAt(l: LedgerInfo) {
  const priced = inWindow(pair.trades, l.ledger, l.seconds, PRICE_WINDOW).filter(
    (x) => x.baseAmount > 0n && x.counterAmount > 0n,
  );
  const first = priced[0];
  const last = priced[priced.length - 1];
  if (first === undefined || last === undefined) return { holds: false, first: null, last: null };
  const [whole = '0', frac = ''] = priceThreshold.replace('-', '').split('.');
  const xd = 10n ** BigInt(frac.length);
  const xn = (BigInt(whole) * xd + BigInt(frac || '0')) * (priceThreshold.startsWith('-') ? -1n : 1n);
  // p = counter / base; change% = (p1/p0 - 1) * 100 >= x  ⇔  100·p1·xd >= p0·(100·xd + xn)
  const holds =
    100n * last.counterAmount * first.baseAmount * xd >=
    first.counterAmount * last.baseAmount * (100n * xd + xn);
  return { holds, first: first.id, last: last.id };
}

function receivedAt(l: LedgerInfo, token: string | null) {
  const totals = new Map<string, bigint>();
  for (const r of received) {
    if (
      r.ledger <= l.ledger &&
      r.seconds > l.seconds - WINDOW &&
      r.seconds <= l.seconds &&
      (token === null || r.token === token)
    ) {
      totals.set(r.token, (totals.get(r.token) ?? 0n) + r.amount);
    }
  }
  const best = [...totals].sort((a, b) => (a[1] === b[1] ? (a[0] < b[0] ? -1 : 1) : a[1] > b[1] ? -1 : 1))[0];
  return best === undefined ? null : { token: best[0], total: best[1] };
}

beforeAll(async () => {
  ({ temp: t, clickhouse: tch, ledgers } = await projectedP26Store('trigger-read-models-'));
  ch = await tch.connector.open(tch.uri, { readOnly: true });
  trades = (await storedOfType(t.store, ['TradeExecuted'])).map((e) => pairTrade(e.payload as TradeExecuted));
  pair = busiestPair(trades);
  const transfers = (await storedOfType(t.store, ['TokenTransferred'])).map(
    (e) => e.payload as TokenTransferred,
  );
  const counts = new Map<string, number>();
  for (const x of transfers)
    if (x.data.to !== null && x.data.asset === 'native')
      counts.set(x.data.to, (counts.get(x.data.to) ?? 0) + 1);
  receiver = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] as string;
  received = transfers
    .filter((x) => x.data.to === receiver)
    .map((x) => ({
      ledger: x.ledger,
      seconds: Date.parse(x.closeTime) / 1000,
      token: x.data.asset ?? (x.data.contractId as string),
      amount: BigInt(x.data.amount),
    }));
  volumeThreshold = median(ledgers.map((l) => volumeAt(l).volume));
  totalThreshold = median(ledgers.map((l) => receivedAt(l, 'native')?.total ?? 0n));
  // A threshold near the median price change (picking it may use floats; the checks are exact).
  const changes = ledgers
    .map((l) => {
      const p = inWindow(pair.trades, l.ledger, l.seconds, PRICE_WINDOW).filter(
        (x) => x.baseAmount > 0n && x.counterAmount > 0n,
      );
      const [a, b] = [p[0], p[p.length - 1]];
      return a === undefined || b === undefined
        ? 0
        : (Number(b.counterAmount) / Number(b.baseAmount) / (Number(a.counterAmount) / Number(a.baseAmount)) -
            1) *
            100;
    })
    .sort((a, b) => a - b);
  priceThreshold = (changes[Math.floor(changes.length / 2)] as number).toFixed(4);
  const [base, counter] = pair.pair.split('/');
  const rules = parseRulesText(
    `rules:
  - name: volume-always
    kind: readModel
    rearm: always
    condition: { volume: { pair: "${pair.pair}", windowSeconds: ${WINDOW}, side: base, gte: "${volumeThreshold}" } }
  - name: volume-on-clear
    kind: readModel
    condition: { volume: { pair: "${pair.pair}", windowSeconds: ${WINDOW}, gte: "${volumeThreshold}" } }
  - name: volume-reversed
    kind: readModel
    rearm: always
    condition: { volume: { pair: "${counter}/${base}", windowSeconds: ${WINDOW}, side: counter, gte: "${volumeThreshold}" } }
  - name: price-up
    kind: readModel
    rearm: always
    condition: { priceChange: { pair: "${pair.pair}", windowSeconds: ${PRICE_WINDOW}, gtePercent: "${priceThreshold}" } }
  - name: native-in
    kind: readModel
    rearm: always
    condition: { transfersInto: { account: ${receiver}, asset: native, windowSeconds: ${WINDOW}, gte: "${totalThreshold}" } }
  - name: anything-in
    kind: readModel
    rearm: always
    condition: { transfersInto: { account: ${receiver}, windowSeconds: ${WINDOW}, gte: 1 } }
`,
    'inline',
  );
  const first = ledgers[0]?.ledger as number;
  const last = ledgers[ledgers.length - 1]?.ledger as number;
  ({ firings } = await evaluateHistory({ store: t.store, clickhouse: ch, rules, from: first, to: last }));
});

afterAll(async () => {
  await ch?.release();
  await tch?.close();
  await t?.close();
});

describe('read-model rules over the 20 real pubnet ledgers', () => {
  it('a volume rule on the busiest pair fires at the ledgers whose window volume reaches the threshold', () => {
    expect(pair.trades.length).toBeGreaterThan(100);
    const expected = ledgers.filter((l) => volumeAt(l).volume >= volumeThreshold).map((l) => l.ledger);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(ledgers.length);
    const fired = firedOf('volume-always');
    expect([...fired.keys()]).toEqual(expected);
    for (const [ledger, f] of fired) {
      const l = ledgers.find((x) => x.ledger === ledger) as LedgerInfo;
      const { volume, trades: n } = volumeAt(l);
      expect(f.data.values).toEqual({
        pair: pair.pair,
        side: 'base',
        asset: pair.pair.split('/')[0],
        volume: volume.toString(),
        trades: String(n),
        gte: volumeThreshold.toString(),
        windowStart: new Date((l.seconds - WINDOW) * 1000).toISOString(),
        windowEnd: l.closeTime,
      });
      expect(f.data.reason).toContain(`is ${volume} `);
      expect(f.data).toMatchObject({ ruleKind: 'readModel', matches: [] });
    }
  });

  it('onClear fires only where the condition becomes true', () => {
    const holds = ledgers.map((l) => volumeAt(l).volume >= volumeThreshold);
    const expected = ledgers.filter((_, i) => holds[i] && (i === 0 || !holds[i - 1])).map((l) => l.ledger);
    expect([...firedOf('volume-on-clear').keys()]).toEqual(expected);
    expect(expected.length).toBeLessThan([...firedOf('volume-always').keys()].length);
  });

  it('the pair written the other way round measures the same asset on its counter side', () => {
    const straight = firedOf('volume-always');
    const reversed = firedOf('volume-reversed');
    expect([...reversed.keys()]).toEqual([...straight.keys()]);
    for (const [ledger, f] of reversed)
      expect(f.data.values.volume).toBe(straight.get(ledger)?.data.values.volume);
  });

  it('a price change rule compares the first and last trade of the window exactly', () => {
    const expected = ledgers.filter((l) => priceAt(l).holds);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(ledgers.length);
    const fired = firedOf('price-up');
    expect([...fired.keys()]).toEqual(expected.map((l) => l.ledger));
    for (const l of expected) {
      const { first, last } = priceAt(l);
      expect(fired.get(l.ledger)?.data.values).toMatchObject({
        firstTrade: first,
        lastTrade: last,
        gtePercent: priceThreshold,
      });
    }
  });

  it('a transfers-into rule sums what the account received in the window, in one asset or its largest token', () => {
    const expected = ledgers.filter((l) => (receivedAt(l, 'native')?.total ?? 0n) >= totalThreshold);
    expect(expected.length).toBeGreaterThan(0);
    const fired = firedOf('native-in');
    expect([...fired.keys()]).toEqual(expected.map((l) => l.ledger));
    for (const l of expected) {
      expect(fired.get(l.ledger)?.data.values).toMatchObject({
        account: receiver,
        asset: 'native',
        total: receivedAt(l, 'native')?.total.toString(),
      });
    }
    const any = firedOf('anything-in');
    const anyExpected = ledgers.filter((l) => receivedAt(l, null) !== null);
    expect([...any.keys()]).toEqual(anyExpected.map((l) => l.ledger));
    for (const l of anyExpected) {
      const best = receivedAt(l, null);
      expect(any.get(l.ledger)?.data.values).toMatchObject({
        asset: best?.token,
        total: best?.total.toString(),
      });
    }
  });
});
