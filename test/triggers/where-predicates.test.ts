import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../contracts/event-store.ts';
import { compileWhere } from '../../triggers/match/compile-where.ts';
import { parseRulesText } from '../../triggers/rules/parse-rules.ts';
import type { EventRule } from '../../triggers/rules/rule-types.ts';
import { USDC } from './helpers/trigger-fixture.ts';

const G1 = 'GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN';

function predicate(event: string, where: string) {
  const [rule] = parseRulesText(
    `rules:\n  - { name: r, kind: event, event: ${event}, where: ${where} }\n`,
    'inline',
  );
  return compileWhere(rule as EventRule);
}

const stored = (
  type: string,
  data: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): StoredEvent => ({
  position: 1n,
  stream: 'ledger-1',
  revision: 0n,
  type,
  id: 'x',
  ledger: 1,
  payload: { type, id: 'x', ledger: 1, network: 'pubnet', txHash: 'ab12', data, ...extra },
});

const transfer = (amount: string, extra: Record<string, unknown> = {}) =>
  stored('TokenTransferred', {
    kind: 'transfer',
    from: 'GFROM',
    to: G1,
    asset: USDC,
    contractId: 'C1',
    amount,
    ...extra,
  });

describe('where predicates', () => {
  it('compares amounts as exact integers, beyond 2^53', () => {
    const p = predicate('TokenTransferred', '{ amount: { gt: "9007199254740993" } }');
    expect(p(transfer('9007199254740993'))).toBe(false);
    expect(p(transfer('9007199254740994'))).toBe(true);
    expect(p(transfer('not-a-number'))).toBe(false);
    const range = predicate('TokenTransferred', '{ amount: { gte: 10, lt: 20, ne: 15 } }');
    expect(['9', '10', '15', '19', '20'].map((a) => range(transfer(a)))).toEqual([
      false,
      true,
      false,
      true,
      false,
    ]);
  });

  it('matches the account shortcut on from, to, buyer or seller, and the asset on asset, sold or bought', () => {
    const byAccount = predicate('TokenTransferred', `{ account: ${G1} }`);
    expect(byAccount(transfer('1'))).toBe(true);
    expect(byAccount(transfer('1', { to: 'GOTHER' }))).toBe(false);
    const trade = stored('TradeExecuted', {
      buyer: 'GB',
      seller: G1,
      assetSold: 'native',
      assetBought: USDC,
    });
    expect(predicate('TradeExecuted', `{ account: ${G1}, asset: ${USDC} }`)(trade)).toBe(true);
    expect(predicate('TradeExecuted', '{ asset: native }')(trade)).toBe(true);
    expect(predicate('TradeExecuted', `{ asset: ${USDC} }`)(transfer('1'))).toBe(false);
  });

  it('tests any field path with eq, ne, in, prefix and integer bounds; a missing field never matches', () => {
    const e = transfer('1', { operationIndex: 0 });
    expect(predicate('TokenTransferred', '{ "data.kind": { in: [mint, transfer] } }')(e)).toBe(true);
    expect(predicate('TokenTransferred', '{ "data.kind": { ne: transfer } }')(e)).toBe(false);
    expect(predicate('TokenTransferred', '{ "data.operationIndex": { eq: 0 } }')(e)).toBe(true);
    expect(predicate('TokenTransferred', '{ "data.operationIndex": { eq: "0" } }')(e)).toBe(true);
    expect(predicate('TokenTransferred', '{ "data.operationIndex": { lte: -1 } }')(e)).toBe(false);
    expect(predicate('TokenTransferred', '{ txHash: { prefix: ab } }')(e)).toBe(true);
    expect(predicate('TokenTransferred', '{ "data.toMuxedId": { eq: "1" } }')(e)).toBe(false);
    expect(predicate('TokenTransferred', '{ "data.toMuxedId": { ne: "1" } }')(e)).toBe(false);
    expect(predicate('TokenTransferred', '{ data: { eq: x } }')(e)).toBe(false);
    // The event type is part of the rule.
    expect(predicate('TradeExecuted', '{ "data.kind": { eq: transfer } }')(e)).toBe(false);
  });

  it('matches topic patterns on the text of each ScVal: *, ** and exact counts', () => {
    const event = stored('ContractEventEmitted', {
      contractId: 'C1',
      topics: [
        { type: 'symbol', value: 'transfer' },
        { type: 'address', value: 'GFROM' },
        { type: 'address', value: G1 },
        { type: 'string', value: 'native' },
      ],
    });
    const matches = (patterns: string) => predicate('ContractEventEmitted', `{ topics: ${patterns} }`)(event);
    expect(matches(`[transfer, "*", ${G1}, native]`)).toBe(true);
    expect(matches(`[transfer, "*", ${G1}]`)).toBe(false);
    expect(matches('[transfer, "**"]')).toBe(true);
    expect(matches(`[transfer, "*", ${G1}, native, "**"]`)).toBe(true);
    expect(matches('[mint, "**"]')).toBe(false);
    expect(matches('["*", "*", "*", "*", "*"]')).toBe(false);
    const numbered = stored('ContractEventEmitted', {
      topics: [
        { type: 'u32', value: 5 },
        { type: 'i128', value: '-7' },
      ],
    });
    expect(predicate('ContractEventEmitted', '{ topics: [5, "-7"] }')(numbered)).toBe(true);
  });
});
