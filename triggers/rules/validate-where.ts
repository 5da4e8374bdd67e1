import { join, type ProblemSink, shown } from './problems.ts';
import type { EventWhere, FieldTest, IntegerTest } from './rule-types.ts';
import { isRecord, readAccount, readAsset, readContract, readInteger } from './values.ts';

const SHORTCUTS = ['account', 'asset', 'contract', 'topics', 'amount'];
/** Top-level fields of every stored fact (contracts/events/envelope.ts): where a field path starts. */
const ENVELOPE_FIELDS = ['id', 'type', 'schemaVersion', 'network', 'ledger', 'closeTime', 'txHash', 'data'];
const INTEGER_OPS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte'] as const;
const FIELD_OPS = ['eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte', 'prefix'] as const;
const ORDER_OPS = ['gt', 'gte', 'lt', 'lte'] as const;
const PATH = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$/;

/** Text form of a scalar for eq/ne/in: numbers in decimal, booleans `true`/`false`, null `null`. */
function scalarText(raw: unknown): string | undefined {
  if (raw === null) return 'null';
  if (typeof raw === 'string' || typeof raw === 'boolean' || typeof raw === 'bigint') return String(raw);
  if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
  return undefined;
}

function readOperators(
  raw: unknown,
  field: string,
  sink: ProblemSink,
  ops: readonly string[],
): Record<string, unknown> | undefined {
  if (!isRecord(raw) || Object.keys(raw).length === 0) {
    sink.add(
      field,
      `${shown(raw)} is not a test; use an object of operators (${ops.join(', ')}), e.g. { gte: "1000000000" }`,
    );
    return undefined;
  }
  let ok = true;
  for (const key of Object.keys(raw)) {
    if (!ops.includes(key)) {
      sink.add(join(field, key), `unknown operator; expected one of ${ops.join(', ')}`);
      ok = false;
    }
  }
  return ok ? raw : undefined;
}

function readIntegerTest(raw: unknown, field: string, sink: ProblemSink): IntegerTest | undefined {
  const ops = readOperators(raw, field, sink, INTEGER_OPS);
  if (ops === undefined) return undefined;
  const out: Record<string, string> = {};
  let ok = true;
  for (const [op, value] of Object.entries(ops)) {
    const n = readInteger(value, join(field, op), sink);
    if (n === undefined) ok = false;
    else out[op] = n;
  }
  return ok ? out : undefined;
}

function readFieldTest(raw: unknown, field: string, sink: ProblemSink): FieldTest | undefined {
  const ops = readOperators(raw, field, sink, FIELD_OPS);
  if (ops === undefined) return undefined;
  const before = sink.count;
  const out: { -readonly [K in keyof FieldTest]: FieldTest[K] } = {};
  for (const [op, value] of Object.entries(ops)) {
    const at = join(field, op);
    if ((ORDER_OPS as readonly string[]).includes(op)) {
      out[op as (typeof ORDER_OPS)[number]] = readInteger(value, at, sink);
    } else if (op === 'in') {
      const texts = Array.isArray(value) ? value.map(scalarText) : [];
      if (texts.length === 0 || texts.some((t) => t === undefined)) {
        sink.add(at, `${shown(value)} is not a non-empty list of strings, numbers or booleans`);
      } else out.in = texts as string[];
    } else if (op === 'prefix') {
      if (typeof value === 'string' && value.length > 0) out.prefix = value;
      else sink.add(at, `${shown(value)} is not a non-empty string`);
    } else {
      const text = scalarText(value);
      if (text === undefined) sink.add(at, `${shown(value)} is not a string, number, boolean or null`);
      else out[op as 'eq' | 'ne'] = text;
    }
  }
  return sink.count === before ? out : undefined;
}

function readTopics(
  raw: unknown,
  field: string,
  event: string | undefined,
  sink: ProblemSink,
): string[] | undefined {
  if (event !== undefined && event !== 'ContractEventEmitted') {
    sink.add(field, `topics apply to ContractEventEmitted only, not ${event}`);
    return undefined;
  }
  const texts = Array.isArray(raw) ? raw.map(scalarText) : [];
  if (texts.length === 0 || texts.some((t) => t === undefined)) {
    sink.add(
      field,
      `${shown(raw)} is not a non-empty list of topic patterns (text, "*" for any one, "**" last for any rest)`,
    );
    return undefined;
  }
  const patterns = texts as string[];
  const misplaced = patterns.findIndex((p, i) => p === '**' && i !== patterns.length - 1);
  if (misplaced >= 0) {
    sink.add(`${field}[${misplaced}]`, '"**" (any rest) may only be the last pattern');
    return undefined;
  }
  return patterns;
}

/** The `where` of an event rule; every entry must hold. */
export function validateWhere(
  raw: unknown,
  field: string,
  event: string | undefined,
  sink: ProblemSink,
): EventWhere | undefined {
  if (raw === undefined || raw === null) return { fields: {} };
  if (!isRecord(raw)) {
    sink.add(field, `${shown(raw)} is not a map of conditions`);
    return undefined;
  }
  const before = sink.count;
  const where: { -readonly [K in keyof EventWhere]: EventWhere[K] } = { fields: {} };
  const fields: Record<string, FieldTest> = {};
  for (const [key, value] of Object.entries(raw)) {
    const at = join(field, key);
    if (key === 'account') where.account = readAccount(value, at, sink);
    else if (key === 'asset') where.asset = readAsset(value, at, sink);
    else if (key === 'contract') where.contract = readContract(value, at, sink);
    else if (key === 'topics') where.topics = readTopics(value, at, event, sink);
    else if (key === 'amount') where.amount = readIntegerTest(value, at, sink);
    else if (!PATH.test(key) || !ENVELOPE_FIELDS.includes(key.split('.')[0] as string)) {
      sink.add(
        at,
        `unknown condition; use a shortcut (${SHORTCUTS.join(', ')}) or a field path starting with ${ENVELOPE_FIELDS.join(', ')} (e.g. "data.kind")`,
      );
    } else {
      const test = readFieldTest(value, at, sink);
      if (test !== undefined) fields[key] = test;
    }
  }
  where.fields = fields;
  return sink.count === before ? where : undefined;
}
