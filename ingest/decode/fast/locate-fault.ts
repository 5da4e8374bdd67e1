import {
  isFieldArm,
  type ListSchema,
  paddingOf,
  resolveLazy,
  SDK_MAX_DEPTH,
  schemaName,
  type UnionArm,
  type XdrSchema,
} from './xdr-schema.ts';

/** Where and why bytes are not a valid value of a schema. */
export interface XdrFault {
  /** `LedgerCloseMeta.v2.txProcessing[73].txApplyProcessing`: struct fields, union arms, array indexes. */
  readonly path: string;
  /** Byte offset of the read that failed. */
  readonly offset: number;
  readonly reason: string;
  /** An enum or union discriminant value no case knows: maybe XDR newer than the SDK. */
  readonly unknownValue: number | null;
}

class Fault {
  constructor(
    readonly offset: number,
    readonly reason: string,
    readonly unknownValue: number | null = null,
  ) {}
}

/**
 * Walks `bytes` as one value of `root` with the checks of the SDK's reader (bounds, enum and union
 * values, bools, padding, array limits, nesting depth, trailing bytes) and returns the first fault,
 * with its path, or null when the bytes are valid. Slow and allocation-free of values: only run after
 * the compiled reader has failed, to say where.
 */
export function locateFault(root: XdrSchema, bytes: Uint8Array): XdrFault | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const path: string[] = [schemaName(root) ?? root.kind];
  let offset = 0;
  let depth = 0;

  const take = (size: number): number => {
    if (bytes.length - offset < size) {
      throw new Fault(offset, `incomplete XDR data at offset ${offset}, expected ${size} byte(s)`);
    }
    const at = offset;
    offset += size;
    return at;
  };
  const readBool = (): boolean => {
    const at = offset;
    const v = view.getUint32(take(4));
    if (v > 1) throw new Fault(at, `invalid bool discriminant ${v}`);
    return v === 1;
  };
  const skipBytes = (length: number): void => {
    take(length);
    const padding = paddingOf(length);
    const at = take(padding);
    for (let i = 0; i < padding; i++) {
      if (bytes[at + i] !== 0) throw new Fault(at, 'non-zero XDR padding');
    }
  };
  const enter = (): void => {
    depth += 1;
    if (depth > SDK_MAX_DEPTH) throw new Fault(offset, `max recursion depth ${SDK_MAX_DEPTH} exceeded`);
  };
  const nested = (segment: string, schema: XdrSchema): void => {
    path.push(segment);
    walk(schema);
    path.pop();
  };

  function walkList(s: ListSchema): void {
    let length = s.length ?? 0;
    if (s.kind === 'array') {
      length = view.getUint32(take(4));
      if (length > (s.maxLength ?? 0xffffffff)) {
        throw new Fault(offset - 4, `array length ${length} exceeds maximum ${s.maxLength}`);
      }
    }
    if (length > bytes.length - offset) {
      throw new Fault(offset, `array length ${length} exceeds remaining ${bytes.length - offset} byte(s)`);
    }
    for (let i = 0; i < length; i++) {
      const before = offset;
      nested(`[${i}]`, s.element);
      if (offset === before) throw new Fault(offset, `array element [${i}] consumed no input`);
    }
  }

  function walkArm(arm: UnionArm): void {
    if (isFieldArm(arm)) nested(`.${arm.name}`, arm.schema);
    else walk(arm);
  }

  function walk(schema: XdrSchema): void {
    const s = schema;
    switch (s.kind) {
      case 'int32':
      case 'uint32':
      case 'float':
        take(4);
        return;
      case 'int64':
      case 'uint64':
      case 'double':
        take(8);
        return;
      case 'void':
        return;
      case 'bool':
        readBool();
        return;
      case 'enum': {
        const at = offset;
        const v = view.getInt32(take(4));
        if (!s.nameByValue.has(v)) throw new Fault(at, `unknown enum value ${v} (${s.name})`, v);
        return;
      }
      case 'opaque':
        skipBytes(s.length ?? 0);
        return;
      case 'varOpaque':
      case 'string': {
        const at = offset;
        const length = view.getUint32(take(4));
        if (length > (s.maxLength ?? 0xffffffff)) {
          throw new Fault(
            at,
            `${s.kind === 'string' ? 'string byte' : 'opaque'} length ${length} exceeds maximum ${s.maxLength}`,
          );
        }
        skipBytes(length);
        return;
      }
      case 'lazy':
        enter();
        walk(resolveLazy(s));
        depth -= 1;
        return;
      case 'option':
        enter();
        if (readBool()) walk(s.element);
        depth -= 1;
        return;
      case 'array':
      case 'fixedArray':
        enter();
        walkList(s);
        depth -= 1;
        return;
      case 'struct':
        enter();
        for (const [field, schema] of s.entries) nested(`.${field}`, schema);
        depth -= 1;
        return;
      case 'union': {
        enter();
        const on = resolveLazy(s.switchOn);
        const at = offset;
        const raw =
          on.kind === 'uint32' || on.kind === 'bool' ? view.getUint32(take(4)) : view.getInt32(take(4));
        if (on.kind === 'enum' && !on.nameByValue.has(raw)) {
          throw new Fault(at, `unknown enum value ${raw} (${on.name}) for union ${s.name}`, raw);
        }
        if (on.kind === 'bool' && raw > 1) throw new Fault(at, `invalid bool discriminant ${raw}`);
        const c = s.cases.find((x) => Number(x.discriminant) === raw);
        if (c === undefined && s.defaultArm === undefined) {
          throw new Fault(at, `no case for union discriminator ${raw} (${s.name})`, raw);
        }
        walkArm(c === undefined ? (s.defaultArm as UnionArm) : c.arm);
        depth -= 1;
        return;
      }
    }
  }

  try {
    walk(root);
    if (offset !== bytes.length) {
      throw new Fault(offset, `trailing ${bytes.length - offset} byte(s) after XDR value`);
    }
    return null;
  } catch (error) {
    if (!(error instanceof Fault)) throw error;
    return {
      path: path.join(''),
      offset: error.offset,
      reason: error.reason,
      unknownValue: error.unknownValue,
    };
  }
}
