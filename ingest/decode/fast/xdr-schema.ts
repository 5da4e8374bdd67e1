/**
 * The introspectable shape of @stellar/js-xdr 5 schemas (`xdr.X.schema` of the SDK's generated classes),
 * typed here so the fast reader does not import js-xdr itself.
 */
export type XdrSchema =
  | StructSchema
  | UnionSchema
  | EnumSchema
  | ListSchema
  | OptionSchema
  | OpaqueSchema
  | LazySchema
  | ScalarSchema;

export interface StructSchema {
  readonly kind: 'struct';
  readonly name: string;
  readonly entries: readonly (readonly [string, XdrSchema])[];
}

export interface FieldArm {
  readonly kind: 'field';
  readonly name: string;
  readonly schema: XdrSchema;
}

/** A union arm: a named payload field, or a bare schema (void). */
export type UnionArm = FieldArm | XdrSchema;

export interface UnionCase {
  readonly name: string;
  readonly discriminant: number | boolean;
  readonly arm: UnionArm;
}

export interface UnionSchema {
  readonly kind: 'union';
  readonly name: string;
  readonly switchOn: XdrSchema;
  readonly switchKey: string;
  readonly cases: readonly UnionCase[];
  readonly defaultArm: UnionArm | undefined;
}

export interface EnumSchema {
  readonly kind: 'enum';
  readonly name: string;
  readonly nameByValue: ReadonlyMap<number, string>;
}

export interface ListSchema {
  readonly kind: 'array' | 'fixedArray';
  readonly element: XdrSchema;
  /** `array` only. */
  readonly maxLength?: number;
  /** `fixedArray` only. */
  readonly length?: number;
}

export interface OptionSchema {
  readonly kind: 'option';
  readonly element: XdrSchema;
}

export interface OpaqueSchema {
  /** `string` is the SDK's XdrString type: read as `{ bytes }`. */
  readonly kind: 'opaque' | 'varOpaque' | 'string';
  readonly name?: string;
  /** `opaque` only. */
  readonly length?: number;
  /** `varOpaque` and `string`. */
  readonly maxLength?: number;
}

export interface LazySchema {
  readonly kind: 'lazy';
  getSchema(): XdrSchema;
}

export interface ScalarSchema {
  readonly kind: 'int32' | 'uint32' | 'int64' | 'uint64' | 'bool' | 'void' | 'float' | 'double';
  readonly name?: string;
}

export const isFieldArm = (arm: UnionArm): arm is FieldArm => arm.kind === 'field';

/** The schema a lazy reference points to (lazies may chain). */
export function resolveLazy(schema: XdrSchema): XdrSchema {
  let s = schema;
  while (s.kind === 'lazy') s = s.getSchema();
  return s;
}

/** The schema's own name, when it is a named (generated) type. */
export const schemaName = (schema: XdrSchema): string | undefined =>
  'name' in schema && typeof schema.name === 'string' ? schema.name : undefined;

/** The most nested levels the SDK's reader accepts (js-xdr's DEFAULT_MAX_DEPTH). */
export const SDK_MAX_DEPTH = 1500;

/** Bytes of XDR padding after `length` bytes of opaque data. */
export const paddingOf = (length: number): number => (4 - (length % 4)) % 4;
