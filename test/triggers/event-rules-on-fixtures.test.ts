import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../contracts/event-store.ts';
import type { ContractEventEmitted } from '../../contracts/events/contract-event-emitted.ts';
import type { TokenTransferred } from '../../contracts/events/token-transferred.ts';
import type { TriggerFired } from '../../contracts/events/trigger-fired.ts';
import { evaluateHistory } from '../../triggers/engine/evaluate-history.ts';
import { parseRulesText } from '../../triggers/rules/parse-rules.ts';
import {
  createTempStore,
  type LedgerInfo,
  p26Ledgers,
  storedLedgers,
  storedOfType,
  type TempStore,
} from './helpers/trigger-fixture.ts';

/** 1,000 XLM in stroops. */
const THRESHOLD = 10_000_000_000n;

let t: TempStore;
let ledgers: LedgerInfo[];
let transfers: StoredEvent[];
let firings: readonly TriggerFired[];
let busiestAccount: string;

const byLedger = (events: readonly StoredEvent[]): Map<number, string[]> => {
  const out = new Map<number, string[]>();
  for (const e of events) out.set(e.ledger as number, [...(out.get(e.ledger as number) ?? []), e.id]);
  return out;
};
const firedBy = (rule: string): Map<number, string[]> =>
  new Map(
    firings.filter((f) => f.data.rule === rule).map((f) => [f.ledger, f.data.matches.map((m) => m.id)]),
  );

beforeAll(async () => {
  t = await createTempStore('trigger-events-', await p26Ledgers());
  ledgers = await storedLedgers(t.store);
  transfers = await storedOfType(t.store, ['TokenTransferred']);
  const counts = new Map<string, number>();
  for (const e of transfers) {
    const to = (e.payload as TokenTransferred).data.to;
    if (to !== null) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  busiestAccount = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] as string;
  const rules = parseRulesText(
    `webhooks:
  - { name: ops, url: "https://hooks.example.com/stellar", secret: "0123456789abcdef0123" }
rules:
  - name: big-xlm-transfer
    kind: event
    event: TokenTransferred
    where: { asset: native, "data.kind": { eq: transfer }, amount: { gt: "${THRESHOLD}" } }
  - name: native-transfer-events
    kind: event
    event: ContractEventEmitted
    where: { topics: [transfer, "*", "*", native] }
  - name: busiest-account
    kind: event
    event: TokenTransferred
    where: { account: ${busiestAccount} }
    deliver: [webhook:ops]
`,
    'inline',
  );
  const first = ledgers[0]?.ledger as number;
  const last = ledgers[ledgers.length - 1]?.ledger as number;
  ({ firings } = await evaluateHistory({ store: t.store, rules, from: first, to: last }));
});

afterAll(async () => {
  await t?.close();
});

describe('event rules over the 20 real pubnet ledgers', () => {
  it('a transfer threshold rule fires exactly at the ledgers with native transfers above it, matching exactly those', () => {
    const above = transfers.filter((e) => {
      const d = (e.payload as TokenTransferred).data;
      return d.asset === 'native' && d.kind === 'transfer' && BigInt(d.amount) > THRESHOLD;
    });
    const expected = byLedger(above);
    expect(above.length).toBeGreaterThan(20);
    expect(expected.size).toBeGreaterThan(5);
    expect(expected.size).toBeLessThan(ledgers.length);
    expect(firedBy('big-xlm-transfer')).toEqual(expected);
  });

  it('a topic pattern rule matches the CAP-67 native transfer events, counted from the raw topics', async () => {
    const events = await storedOfType(t.store, ['ContractEventEmitted']);
    const expected = byLedger(
      events.filter((e) => {
        const topics = (e.payload as ContractEventEmitted).data.topics;
        const [name, , , asset] = topics;
        return (
          topics.length === 4 &&
          name?.type === 'symbol' &&
          name.value === 'transfer' &&
          asset?.type === 'string' &&
          'value' in asset &&
          asset.value === 'native'
        );
      }),
    );
    expect([...expected.values()].flat().length).toBeGreaterThan(500);
    expect(firedBy('native-transfer-events')).toEqual(expected);
  });

  it('an account rule matches transfers from or to the account', () => {
    const expected = byLedger(
      transfers.filter((e) => {
        const d = (e.payload as TokenTransferred).data;
        return d.from === busiestAccount || d.to === busiestAccount;
      }),
    );
    expect(firedBy('busiest-account')).toEqual(expected);
  });

  it('gives each firing its rule and ledger id, the ledger close time, positions and deliveries', () => {
    const closeTimes = new Map(ledgers.map((l) => [l.ledger, l.closeTime]));
    const positions = new Map(transfers.map((e) => [e.id, e.position.toString()]));
    for (const f of firings) {
      expect(f.id).toBe(`${f.data.rule}:${f.ledger}`);
      expect(f).toMatchObject({ type: 'TriggerFired', schemaVersion: 1, network: 'pubnet', txHash: null });
      expect(f.closeTime).toBe(closeTimes.get(f.ledger));
      expect(f.data.reason).toMatch(
        new RegExp(`^${f.data.matches.length} \\w+ events? in ledger ${f.ledger} matched `),
      );
      if (f.data.rule !== 'native-transfer-events') {
        for (const m of f.data.matches) expect(m.position).toBe(positions.get(m.id));
      }
    }
    expect(
      firings
        .filter((f) => f.data.rule === 'busiest-account')
        .every((f) => f.data.deliver[0] === 'webhook:ops'),
    ).toBe(true);
    // Ledger order, then rule order within a ledger.
    const order = firings.map((f) => f.ledger);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('refuses an empty or reversed range, and a range the store does not hold', async () => {
    const rules = parseRulesText('rules:\n  - { name: a, kind: event, event: LedgerClosed }\n', 'inline');
    await expect(evaluateHistory({ store: t.store, rules, from: 10, to: 9 })).rejects.toMatchObject({
      code: 'TRIGGER_ERR_BAD_RANGE',
    });
    await expect(evaluateHistory({ store: t.store, rules, from: 1, to: 1000 })).rejects.toMatchObject({
      code: 'TRIGGER_ERR_BAD_RANGE',
      message: 'the store holds no ledger in 1..1000; ingest them first',
    });
    // A sub-range is evaluated alone.
    const some = await evaluateHistory({ store: t.store, rules, from: 63092990, to: 63092992 });
    expect(some.firings.map((f) => f.id)).toEqual(['a:63092990', 'a:63092991', 'a:63092992']);
  });
});
