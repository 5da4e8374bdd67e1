/**
 * Object and partition names of a Stellar data lake (Galexie / SEP-54): 8 hex digits of
 * `0xFFFFFFFF - start` (so a listing sorts newest first), then the ledger range.
 *   partition: `%08X--%d-%d/`              e.g. `FFFFFFFF--0-63999/`
 *   object:    `%08X--%d.xdr.zst`          one ledger per object
 *              `%08X--%d-%d.xdr.zst`       several ledgers per object
 * Objects written before SEP-54 end in `.xdr.zstd`; both are read.
 */
export interface LedgerSpan {
  readonly start: number;
  readonly end: number;
}

export interface LakeSchema {
  readonly ledgersPerBatch: number;
  readonly batchesPerPartition: number;
}

export const OBJECT_EXTENSIONS = ['.xdr.zst', '.xdr.zstd'] as const;

const MAX_U32 = 0xffffffff;
const OBJECT_NAME = /^([0-9A-F]{8})--(\d+)(?:-(\d+))?\.xdr\.[A-Za-z0-9]+$/;
const PARTITION_NAME = /^([0-9A-F]{8})--(\d+)-(\d+)$/;

function hex(start: number): string {
  return (MAX_U32 - start).toString(16).toUpperCase().padStart(8, '0');
}

function spanOf(prefix: string, start: string, end: string | undefined): LedgerSpan | undefined {
  const first = Number(start);
  const last = end === undefined ? first : Number(end);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || first > MAX_U32 || last < first) {
    return undefined;
  }
  if (Number.parseInt(prefix, 16) !== MAX_U32 - first) return undefined;
  return { start: first, end: last };
}

/** The ledger range a data-lake object name announces, or undefined if it is not such a name. */
export function parseObjectName(name: string): LedgerSpan | undefined {
  const m = OBJECT_NAME.exec(name);
  if (!m || m[1] === undefined || m[2] === undefined) return undefined;
  return spanOf(m[1], m[2], m[3]);
}

/** The ledger range of a partition folder name, or undefined if it is not one. */
export function parsePartitionName(name: string): LedgerSpan | undefined {
  const m = PARTITION_NAME.exec(name);
  if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) return undefined;
  return spanOf(m[1], m[2], m[3]);
}

/** The ledgers of the object that holds `sequence`. */
export function batchSpan(sequence: number, schema: LakeSchema): LedgerSpan {
  const start = Math.floor(sequence / schema.ledgersPerBatch) * schema.ledgersPerBatch;
  return { start, end: Math.min(start + schema.ledgersPerBatch - 1, MAX_U32) };
}

/** The ledgers of the partition that holds `sequence`. */
export function partitionSpan(sequence: number, schema: LakeSchema): LedgerSpan {
  const size = schema.ledgersPerBatch * schema.batchesPerPartition;
  const start = Math.floor(sequence / size) * size;
  return { start, end: Math.min(start + size - 1, MAX_U32) };
}

export function partitionName(span: LedgerSpan): string {
  return `${hex(span.start)}--${span.start}-${span.end}`;
}

export function objectName(span: LedgerSpan, extension: string = OBJECT_EXTENSIONS[0]): string {
  const range = span.start === span.end ? `${span.start}` : `${span.start}-${span.end}`;
  return `${hex(span.start)}--${range}${extension}`;
}

/**
 * The key of the object that holds `sequence`, relative to the lake root, as Galexie computes it:
 * the partition folder is left out when a partition holds one batch.
 */
export function lakeObjectKey(
  sequence: number,
  schema: LakeSchema,
  extension: string = OBJECT_EXTENSIONS[0],
): string {
  const object = objectName(batchSpan(sequence, schema), extension);
  if (schema.batchesPerPartition <= 1) return object;
  return `${partitionName(partitionSpan(sequence, schema))}/${object}`;
}
