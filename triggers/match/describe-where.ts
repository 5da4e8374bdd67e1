import type { EventWhere, FieldTest, IntegerTest } from '../rules/rule-types.ts';

const SYMBOLS: Record<string, string> = { eq: '=', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

function describeTest(name: string, test: IntegerTest | FieldTest): string[] {
  return Object.entries(test).map(([op, value]) => {
    if (op === 'in') return `${name} in [${(value as string[]).join(', ')}]`;
    if (op === 'prefix') return `${name} starts with ${value as string}`;
    return `${name} ${SYMBOLS[op] ?? op} ${value as string}`;
  });
}

/** The `where` of an event rule in words, e.g. `amount >= 1000000000, asset = USDC:GA5Z…`. */
export function describeWhere(where: EventWhere): string {
  const parts: string[] = [];
  if (where.account !== undefined) parts.push(`account = ${where.account}`);
  if (where.asset !== undefined) parts.push(`asset = ${where.asset}`);
  if (where.contract !== undefined) parts.push(`contract = ${where.contract}`);
  if (where.topics !== undefined) parts.push(`topics [${where.topics.join(', ')}]`);
  if (where.amount !== undefined) parts.push(...describeTest('amount', where.amount));
  for (const [path, test] of Object.entries(where.fields)) parts.push(...describeTest(path, test));
  return parts.join(', ');
}
