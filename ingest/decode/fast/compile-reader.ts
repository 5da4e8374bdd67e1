import { decodeError } from '../errors.ts';
import { RAW_XDR } from './raw-xdr.ts';
import type { ElementFilter, ReadRules } from './read-rules.ts';
import {
  type EnumSchema,
  isFieldArm,
  type ListSchema,
  type OpaqueSchema,
  paddingOf,
  resolveLazy,
  SDK_MAX_DEPTH,
  type StructSchema,
  schemaName,
  type UnionArm,
  type UnionSchema,
  type XdrSchema,
} from './xdr-schema.ts';

/** Thrown by a compiled reader on bad input (a RangeError from a read past the end is the other). */
export const READ_FAULT: unique symbol = Symbol('fast XDR reader: bad input');

export interface CompiledReader {
  /** Reads one value spanning all of `bytes`. Throws READ_FAULT or a RangeError on bad input. */
  readonly read: (bytes: Uint8Array) => unknown;
  /** Rules that matched nothing in the schema: a type or field the SDK renamed. */
  readonly unusedRules: readonly string[];
}

/**
 * Each level through a lazy (recursive) reference costs the SDK's reader at least two of its 1500
 * depth units, so stopping at half of them never rejects what the SDK accepts; the fault locator then
 * applies the SDK's exact rule.
 */
const MAX_RECURSION = SDK_MAX_DEPTH / 2;

/** Kinds whose skip is a plain `o += size`: fixed size, nothing to validate. */
const FIXED_SIZES: Partial<Record<XdrSchema['kind'], number>> = {
  int32: 4,
  uint32: 4,
  float: 4,
  int64: 8,
  uint64: 8,
  double: 8,
  void: 0,
};

const PRELUDE = `"use strict";
const EMPTY = new Uint8Array(0);
const EMPTY_VIEW = new DataView(EMPTY.buffer);
let b = EMPTY, dv = EMPTY_VIEW, o = 0, len = 0, depth = 0;
function fail() { throw FAULT; }
function i32() { const v = dv.getInt32(o); o += 4; return v; }
function u32() { const v = dv.getUint32(o); o += 4; return v; }
function i64() { const v = dv.getBigInt64(o); o += 8; return v; }
function u64() { const v = dv.getBigUint64(o); o += 8; return v; }
function f32() { const v = dv.getFloat32(o); o += 4; return v; }
function f64() { const v = dv.getFloat64(o); o += 8; return v; }
function bool() { const v = dv.getUint32(o); o += 4; if (v > 1) fail(); return v === 1; }
function pad(n) { const p = (4 - (n & 3)) & 3; for (let i = 0; i < p; i++) if (b[o + i] !== 0) fail(); o += p; }
function fixed(n) { const s = o; if (n > len - s) fail(); o = s + n; return b.subarray(s, o); }
function fixedPadded(n) { const v = fixed(n); pad(n); return v; }
function varBytes(max) {
  const n = dv.getUint32(o); o += 4;
  if (n > max || n > len - o) fail();
  const s = o; o += n;
  if ((n & 3) !== 0) pad(n);
  return b.subarray(s, s + n);
}
function skipVarBytes(max) {
  const n = dv.getUint32(o); o += 4;
  if (n > max || n > len - o) fail();
  o += n;
  if ((n & 3) !== 0) pad(n);
}
function count(max) {
  const n = dv.getUint32(o); o += 4;
  if (n > max || n > len - o) fail();
  return n;
}
`;

/**
 * Generates (with `new Function`) a reader specialised to one XDR schema: plain objects shaped like the
 * SDK's classes (union `type` = case name plus its arm property, enums `{ name, value }`, 64-bit
 * integers as bigint, opaques as subarrays of the input, strings `{ bytes }`, absent options null),
 * validating exactly what the SDK's reader validates, and only walking what the rules skip.
 */
export function compileReader(root: XdrSchema, rules: ReadRules): CompiledReader {
  const constants: unknown[] = [];
  const sources: string[] = [];
  const readFns = new Map<XdrSchema, string>();
  const skipFns = new Map<XdrSchema, string>();
  const listFns = { read: new Map<ListSchema, string>(), skip: new Map<ListSchema, string>() };
  const enumFns = new Map<XdrSchema, { read: string; skip: string }>();
  const usedRules = new Set<string>();
  const lazyTargets = findLazyTargets(root);
  const minSizes = new Map<XdrSchema, number>();
  let counter = 0;

  /** A value the generated code uses, bound once to a `const` of the generated module. */
  const constant = (value: unknown): string => {
    constants.push(value);
    const name = `K${constants.length - 1}`;
    sources.push(`const ${name} = K[${constants.length - 1}];`);
    return name;
  };
  const fresh = (prefix: string): string => `${prefix}${counter++}`;
  const key = (name: string): string => JSON.stringify(name);

  function isSkippedType(schema: XdrSchema): boolean {
    const s = resolveLazy(schema);
    const name = schemaName(s);
    if (name !== undefined && rules.skipTypes.has(name)) {
      usedRules.add(name);
      return true;
    }
    if (s.kind === 'array' || s.kind === 'fixedArray' || s.kind === 'option') return isSkippedType(s.element);
    return false;
  }

  function isSkippedField(struct: StructSchema, field: string, schema: XdrSchema): boolean {
    const rule = `${struct.name}.${field}`;
    if (rules.skipFields.has(rule)) {
      usedRules.add(rule);
      return true;
    }
    return isSkippedType(schema);
  }

  function hasRaw(schema: XdrSchema): boolean {
    const name = schemaName(schema);
    if (name === undefined || !rules.rawTypes.has(name)) return false;
    usedRules.add(name);
    return true;
  }

  /** Fixed byte size when skipping needs no validation, else null. */
  function fixedSkipSize(schema: XdrSchema): number | null {
    const s = resolveLazy(schema);
    const scalar = FIXED_SIZES[s.kind];
    if (scalar !== undefined) return scalar;
    if (s.kind === 'opaque') return paddingOf(s.length ?? 0) === 0 ? (s.length ?? 0) : null;
    if (s.kind === 'fixedArray') {
      const each = fixedSkipSize(s.element);
      return each === null ? null : each * (s.length ?? 0);
    }
    if (s.kind === 'struct') {
      let total = 0;
      for (const [, field] of s.entries) {
        const size = fixedSkipSize(field);
        if (size === null) return null;
        total += size;
      }
      return total;
    }
    return null;
  }

  /** Fewest bytes a value can take (array elements that can take none need the SDK's extra check). */
  function minSize(schema: XdrSchema, visiting = new Set<XdrSchema>()): number {
    const s = resolveLazy(schema);
    const known = minSizes.get(s);
    if (known !== undefined) return known;
    if (visiting.has(s)) return 4;
    visiting.add(s);
    let size: number;
    switch (s.kind) {
      case 'struct':
        size = s.entries.reduce((sum, [, field]) => sum + minSize(field, visiting), 0);
        break;
      case 'fixedArray':
        size = (s.length ?? 0) * minSize(s.element, visiting);
        break;
      case 'opaque':
        size = (s.length ?? 0) + paddingOf(s.length ?? 0);
        break;
      case 'void':
        size = 0;
        break;
      case 'int64':
      case 'uint64':
      case 'double':
        size = 8;
        break;
      default:
        size = 4;
    }
    visiting.delete(s);
    minSizes.set(s, size);
    return size;
  }

  function enumFn(schema: EnumSchema): { read: string; skip: string } {
    const known = enumFns.get(schema);
    if (known !== undefined) return known;
    const values = [...schema.nameByValue.keys()];
    const min = Math.min(...values);
    const span = Math.max(...values) - min + 1;
    const members = [...schema.nameByValue].map(
      ([value, name]) => [value, Object.freeze({ name, value })] as const,
    );
    const fns = { read: fresh('e'), skip: fresh('se') };
    const table = fresh('T');
    if (span <= 1024) {
      const dense: unknown[] = new Array(span).fill(undefined);
      for (const [value, member] of members) dense[value - min] = member;
      sources.push(`const ${table} = ${constant(dense)};
function ${fns.read}() { const e = ${table}[i32() - (${min})]; if (e === undefined) fail(); return e; }
function ${fns.skip}() { if (${table}[i32() - (${min})] === undefined) fail(); }`);
    } else {
      sources.push(`const ${table} = ${constant(new Map(members))};
function ${fns.read}() { const e = ${table}.get(i32()); if (e === undefined) fail(); return e; }
function ${fns.skip}() { if (!${table}.has(i32())) fail(); }`);
    }
    enumFns.set(schema, fns);
    return fns;
  }

  function opaqueRead(s: OpaqueSchema): string {
    if (s.kind === 'opaque') {
      const length = s.length ?? 0;
      return paddingOf(length) === 0 ? `fixed(${length})` : `fixedPadded(${length})`;
    }
    const bytes = `varBytes(${s.maxLength ?? 0xffffffff})`;
    return s.kind === 'string' ? `{ bytes: ${bytes} }` : bytes;
  }

  function opaqueSkip(s: OpaqueSchema): string {
    if (s.kind === 'opaque') {
      const length = s.length ?? 0;
      return paddingOf(length) === 0 ? `o += ${length};` : `o += ${length}; pad(${length});`;
    }
    return `skipVarBytes(${s.maxLength ?? 0xffffffff});`;
  }

  /** An expression reading one value. */
  function readExpr(schema: XdrSchema): string {
    const s = resolveLazy(schema);
    switch (s.kind) {
      case 'int32':
        return 'i32()';
      case 'uint32':
        return 'u32()';
      case 'int64':
        return 'i64()';
      case 'uint64':
        return 'u64()';
      case 'float':
        return 'f32()';
      case 'double':
        return 'f64()';
      case 'bool':
        return 'bool()';
      case 'void':
        return 'undefined';
      case 'enum':
        return `${enumFn(s).read}()`;
      case 'opaque':
      case 'varOpaque':
      case 'string':
        return opaqueRead(s);
      case 'option':
        return `(bool() ? ${readExpr(s.element)} : null)`;
      case 'array':
      case 'fixedArray':
        return `${listFn(s, 'read')}()`;
      case 'struct':
      case 'union':
        return `${namedFn(s, 'read')}()`;
      default:
        throw unsupportedSchema(`schema kind ${(s as { kind: string }).kind}`);
    }
  }

  /** Statements skipping one value. */
  function skipStmt(schema: XdrSchema): string {
    const s = resolveLazy(schema);
    const size = fixedSkipSize(s);
    if (size !== null) return size === 0 ? '' : `o += ${size};`;
    switch (s.kind) {
      case 'bool':
        return 'bool();';
      case 'enum':
        return `${enumFn(s).skip}();`;
      case 'opaque':
      case 'varOpaque':
      case 'string':
        return opaqueSkip(s);
      case 'option':
        return `if (bool()) { ${skipStmt(s.element)} }`;
      case 'array':
      case 'fixedArray':
        return `${listFn(s, 'skip')}();`;
      case 'struct':
      case 'union':
        return `${namedFn(s, 'skip')}();`;
      default:
        throw unsupportedSchema(`schema kind ${s.kind}`);
    }
  }

  /** The statement declaring `n`, the element count of a list, checked as the SDK checks it. */
  function listLengthCode(s: ListSchema): string {
    return s.kind === 'array'
      ? `const n = count(${s.maxLength ?? 0xffffffff});`
      : `const n = ${s.length ?? 0}; if (n > len - o) fail();`;
  }

  /** The SDK rejects array elements that take no bytes; only some types can. */
  function emptyElementGuard(element: XdrSchema, body: string): string {
    return minSize(element) === 0 ? `const before = o; ${body} if (o === before) fail();` : body;
  }

  function listFn(s: ListSchema, mode: 'read' | 'skip'): string {
    const fns = listFns[mode];
    const known = fns.get(s);
    if (known !== undefined) return known;
    const name = fresh(mode === 'read' ? 'a' : 'sa');
    fns.set(s, name);
    const element = resolveLazy(s.element);
    const lengthCode = listLengthCode(s);
    const guard = (body: string) => emptyElementGuard(element, body);
    const size = mode === 'skip' ? fixedSkipSize(element) : null;
    if (mode === 'read') {
      sources.push(`function ${name}() {
  ${lengthCode}
  const a = [];
  for (let i = 0; i < n; i++) { ${guard(`a.push(${readExpr(element)});`)} }
  return a;
}`);
    } else if (size !== null && size > 0) {
      sources.push(`function ${name}() { ${lengthCode} o += n * ${size}; }`);
    } else {
      sources.push(`function ${name}() {
  ${lengthCode}
  for (let i = 0; i < n; i++) { ${guard(skipStmt(element))} }
}`);
    }
    return name;
  }

  /**
   * A list of only the elements `keep` accepts (peeking at their first bytes), each as its raw XDR
   * bytes (a subarray of the input). Every element is skipped, validated as everywhere else.
   */
  function filteredListFn(rule: string, schema: XdrSchema, keep: ElementFilter): string {
    const s = resolveLazy(schema);
    if (s.kind !== 'array' && s.kind !== 'fixedArray') {
      throw unsupportedSchema(`the filtered field ${rule}, a ${s.kind} (only arrays can be filtered)`);
    }
    const name = fresh('fa');
    const element = resolveLazy(s.element);
    const test = constant(keep);
    // Nothing kept (the usual case): one shared frozen empty array, no allocation.
    const none = constant(Object.freeze([]));
    const body = `const s = o; const kept = ${test}(dv, s); ${skipStmt(element)}
    if (kept) { if (a === ${none}) a = []; a.push(b.subarray(s, o)); }`;
    sources.push(`function ${name}() {
  ${listLengthCode(s)}
  let a = ${none};
  for (let i = 0; i < n; i++) {
    ${emptyElementGuard(element, body)}
  }
  return a;
}`);
    return name;
  }

  function namedFn(s: StructSchema | UnionSchema, mode: 'read' | 'skip'): string {
    const fns = mode === 'read' ? readFns : skipFns;
    const known = fns.get(s);
    if (known !== undefined) return known;
    const name = fresh(`${mode === 'read' ? 'r' : 's'}_${s.name}_`);
    fns.set(s, name);
    const body = s.kind === 'struct' ? structBody(s, mode) : unionBody(s, mode);
    if (lazyTargets.has(s)) {
      // Recursive type: bound the nesting as the SDK does, instead of overflowing the stack.
      sources.push(`function ${name}_() {\n${body}\n}
function ${name}() {
  if (++depth > ${MAX_RECURSION}) fail();
  ${mode === 'read' ? `const v = ${name}_(); depth--; return v;` : `${name}_(); depth--;`}
}`);
    } else {
      sources.push(`function ${name}() {\n${body}\n}`);
    }
    return name;
  }

  function structBody(s: StructSchema, mode: 'read' | 'skip'): string {
    if (mode === 'skip') {
      const out: string[] = [];
      let pending = 0;
      for (const [, field] of s.entries) {
        const size = fixedSkipSize(field);
        if (size !== null) {
          pending += size;
          continue;
        }
        if (pending > 0) out.push(`o += ${pending};`);
        pending = 0;
        out.push(skipStmt(field));
      }
      if (pending > 0) out.push(`o += ${pending};`);
      return out.join('\n');
    }
    const raw = hasRaw(s);
    const out: string[] = raw ? ['const start = o;'] : [];
    const props: string[] = [];
    s.entries.forEach(([field, schema], i) => {
      const rule = `${s.name}.${field}`;
      const keep = rules.filteredFields?.get(rule);
      if (keep !== undefined) {
        usedRules.add(rule);
        out.push(`const f${i} = ${filteredListFn(rule, schema, keep)}();`);
        props.push(`${key(field)}: f${i}`);
        return;
      }
      if (isSkippedField(s, field, schema)) {
        out.push(skipStmt(schema));
        return;
      }
      out.push(`const f${i} = ${readExpr(schema)};`);
      props.push(`${key(field)}: f${i}`);
    });
    if (raw) props.push('[RAW]: b.subarray(start, o)');
    out.push(`return { ${props.join(', ')} };`);
    return out.join('\n');
  }

  function discriminantRead(s: UnionSchema): string {
    const on = resolveLazy(s.switchOn);
    if (on.kind === 'enum' || on.kind === 'int32') return 'i32()';
    if (on.kind === 'uint32' || on.kind === 'bool') return 'u32()';
    throw unsupportedSchema(`union ${s.name} switching on ${on.kind}`);
  }

  function unionBody(s: UnionSchema, mode: 'read' | 'skip'): string {
    const raw = mode === 'read' && hasRaw(s);
    const out: string[] = [raw ? 'const start = o;' : '', `switch (${discriminantRead(s)}) {`];
    const armCode = (caseName: string, arm: UnionArm): string => {
      if (mode === 'skip') return `${skipStmt(isFieldArm(arm) ? arm.schema : arm)} return;`;
      const props = [`type: ${key(caseName)}`];
      let pre: string;
      if (!isFieldArm(arm)) {
        pre = skipStmt(arm);
      } else if (isSkippedType(arm.schema)) {
        pre = skipStmt(arm.schema);
      } else {
        pre = `const v = ${readExpr(arm.schema)};`;
        props.push(`${key(arm.name)}: v`);
      }
      if (raw) props.push('[RAW]: b.subarray(start, o)');
      // A case without payload is the same value every time: one shared frozen object, no allocation.
      if (props.length === 1) return `${pre} return ${constant(Object.freeze({ type: caseName }))};`;
      return `${pre} return { ${props.join(', ')} };`;
    };
    for (const c of s.cases) {
      const value = typeof c.discriminant === 'boolean' ? Number(c.discriminant) : c.discriminant;
      out.push(`case ${value}: { ${armCode(c.name, c.arm)} }`);
    }
    out.push(
      s.defaultArm === undefined
        ? 'default: return fail();'
        : `default: { ${armCode('default', s.defaultArm)} }`,
    );
    out.push('}');
    return out.join('\n');
  }

  const rootFn = readExpr(root);
  const source = `${PRELUDE}
${sources.join('\n')}
return function read(bytes) {
  // A plain Uint8Array view: its subarrays are much cheaper to make than a Buffer's.
  b = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  o = 0;
  len = bytes.byteLength;
  depth = 0;
  try {
    const value = ${rootFn};
    if (o !== len) fail();
    return value;
  } finally {
    b = EMPTY;
    dv = EMPTY_VIEW;
  }
};`;
  const factory = new Function('K', 'FAULT', 'RAW', source) as (
    k: unknown[],
    fault: symbol,
    raw: symbol,
  ) => (bytes: Uint8Array) => unknown;
  const allRules = [
    ...rules.skipTypes,
    ...rules.skipFields,
    ...rules.rawTypes,
    ...(rules.filteredFields?.keys() ?? []),
  ];
  return {
    read: factory(constants, READ_FAULT, RAW_XDR),
    unusedRules: allRules.filter((r) => !usedRules.has(r)),
  };
}

function unsupportedSchema(what: string) {
  return decodeError(
    'INGEST_ERR_XDR_UNSUPPORTED',
    `the fast XDR reader (ingest/decode/fast) cannot read ${what} from the bundled @stellar/stellar-sdk's schemas: teach compile-reader.ts that kind, or parse with parseLedgerXdrWithSdk meanwhile`,
    { field: 'schema' },
  );
}

/** Schemas reached through a lazy reference: the only places the schema graph can recurse. */
function findLazyTargets(root: XdrSchema): Set<XdrSchema> {
  const targets = new Set<XdrSchema>();
  const seen = new Set<XdrSchema>();
  const visit = (schema: XdrSchema): void => {
    if (schema.kind === 'lazy') {
      const target = resolveLazy(schema);
      targets.add(target);
      visit(target);
      return;
    }
    if (seen.has(schema)) return;
    seen.add(schema);
    switch (schema.kind) {
      case 'struct':
        for (const [, field] of schema.entries) visit(field);
        break;
      case 'union':
        visit(schema.switchOn);
        for (const c of schema.cases) visit(isFieldArm(c.arm) ? c.arm.schema : c.arm);
        if (schema.defaultArm !== undefined)
          visit(isFieldArm(schema.defaultArm) ? schema.defaultArm.schema : schema.defaultArm);
        break;
      case 'array':
      case 'fixedArray':
      case 'option':
        visit(schema.element);
        break;
      default:
    }
  };
  visit(root);
  return targets;
}
