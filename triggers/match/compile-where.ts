import type { StoredEvent } from '../../contracts/event-store.ts';
import type { ScValJson } from '../../contracts/scval-json.ts';
import type { EventRule } from '../rules/rule-types.ts';
import { fieldTestHolds, integerTestHolds } from './compare.ts';
import { valueAt } from './field-path.ts';
import { topicsMatch } from './topic-match.ts';

/** Data fields the `account` shortcut looks at. */
export const ACCOUNT_FIELDS = [
  'from',
  'to',
  'source',
  'sourceAccount',
  'account',
  'buyer',
  'seller',
] as const;
/** Data fields the `asset` shortcut looks at. */
export const ASSET_FIELDS = ['asset', 'assetSold', 'assetBought'] as const;

type Test = (payload: { readonly data?: Record<string, unknown> }) => boolean;

function anyField(fields: readonly string[], expected: string): Test {
  return ({ data }) => data !== undefined && fields.some((f) => data[f] === expected);
}

/** The rule's `where` as one predicate over a stored event (its type included). */
export function compileWhere(rule: Pick<EventRule, 'event' | 'where'>): (event: StoredEvent) => boolean {
  const { where } = rule;
  const tests: Test[] = [];
  if (where.account !== undefined) tests.push(anyField(ACCOUNT_FIELDS, where.account));
  if (where.asset !== undefined) tests.push(anyField(ASSET_FIELDS, where.asset));
  if (where.contract !== undefined) {
    const contract = where.contract;
    tests.push(({ data }) => data?.contractId === contract);
  }
  if (where.topics !== undefined) {
    const patterns = where.topics;
    tests.push(
      ({ data }) => Array.isArray(data?.topics) && topicsMatch(patterns, data.topics as ScValJson[]),
    );
  }
  if (where.amount !== undefined) {
    const test = where.amount;
    tests.push(({ data }) => integerTestHolds(data?.amount, test));
  }
  for (const [path, test] of Object.entries(where.fields)) {
    tests.push((payload) => fieldTestHolds(valueAt(payload, path), test));
  }
  return (event) => {
    if (event.type !== rule.event) return false;
    const payload = event.payload as { readonly data?: Record<string, unknown> };
    if (typeof payload !== 'object' || payload === null) return false;
    for (const test of tests) if (!test(payload)) return false;
    return true;
  };
}
