import path from 'node:path';
import type { LedgerSource, RawLedger } from '../../contracts/ledger-source.ts';
import { sourceError } from './errors.ts';
import { batchSpan, lakeObjectKey } from './galexie-names.ts';
import type { LakeConfig } from './lake-config.ts';
import { findLakeObject, lakeBounds, listLakeObjects } from './lake-listing.ts';
import { type MissingObject, type PlannedFile, readPlannedFiles } from './read-planned-files.ts';
import { type CheckedRange, createSourceShell } from './source-shell.ts';

export interface LakeSourceOptions {
  readonly description: string;
  readonly root: string;
  /** The lake's .config.json; without it the lake is listed. */
  readonly config: LakeConfig | undefined;
  readonly readAhead: number;
}

function rangeError(description: string, range: CheckedRange, holds: string): Error {
  return sourceError(
    'INGEST_ERR_SOURCE_RANGE',
    `${description} does not cover ledgers ${range.from ?? 'start'}..${range.to ?? 'end'}: it ${holds}. Ask for a range inside it, or add the missing objects.`,
    { source: description, from: range.from, to: range.to },
  );
}

/** Object paths computed from the manifest, batch after batch, without listing the lake. */
async function* plannedByConfig(
  root: string,
  config: LakeConfig,
  start: number,
  end: number,
): AsyncGenerator<PlannedFile | MissingObject> {
  for (let at = batchSpan(start, config).start; at <= end; at += config.ledgersPerBatch) {
    const span = batchSpan(at, config);
    const found = await findLakeObject(root, at, config);
    if (found === undefined) {
      yield { kind: 'missing', path: path.join(root, lakeObjectKey(at, config)), first: span.start };
    } else {
      yield { kind: 'file', path: found, first: span.start, last: span.end, nameSpan: span };
    }
  }
}

async function* readWithConfig(
  options: LakeSourceOptions,
  config: LakeConfig,
  range: CheckedRange,
  signal: AbortSignal,
): AsyncGenerator<RawLedger, void, undefined> {
  const { root, description } = options;
  const { from, to } = range;
  const needBounds =
    from === undefined ||
    to === undefined ||
    (await findLakeObject(root, from, config)) === undefined ||
    (await findLakeObject(root, to, config)) === undefined;
  let start = from ?? 0;
  let end = to ?? 0;
  let holds = 'holds the ledgers of its objects';
  if (needBounds) {
    const bounds = await lakeBounds(root, config, signal);
    if (bounds === undefined) {
      if (from === undefined && to === undefined) return;
      throw rangeError(description, range, 'holds no ledger objects');
    }
    holds = `holds ledgers ${bounds.first.span.start}..${bounds.last.span.end}`;
    start = from ?? bounds.first.span.start;
    end = to ?? bounds.last.span.end;
    const { first, last } = bounds;
    if (start < first.span.start || start > last.span.end || end < first.span.start || end > last.span.end) {
      throw rangeError(description, range, holds);
    }
  }
  yield* readPlannedFiles({
    files: plannedByConfig(root, config, start, end),
    from,
    to,
    readAhead: options.readAhead,
    signal,
    lakeRoot: root,
    describeAvailable: () => holds,
  });
}

async function* readByListing(
  options: LakeSourceOptions,
  range: CheckedRange,
  signal: AbortSignal,
): AsyncGenerator<RawLedger, void, undefined> {
  const { root, description } = options;
  const { from, to } = range;
  const objects = await listLakeObjects(root, signal);
  const first = objects[0]?.span.start;
  const last = objects.reduce((max, o) => Math.max(max, o.span.end), -1);
  if (first === undefined) {
    if (from === undefined && to === undefined) return;
    throw rangeError(description, range, 'holds no ledger objects');
  }
  const holds = `holds ledgers ${first}..${last}`;
  if (
    (from !== undefined && (from < first || from > last)) ||
    (to !== undefined && (to < first || to > last))
  ) {
    throw rangeError(description, range, holds);
  }
  const wanted: PlannedFile[] = objects
    .filter((o) => !(from !== undefined && o.span.end < from) && !(to !== undefined && o.span.start > to))
    .map((o) => ({ kind: 'file', path: o.path, first: o.span.start, last: o.span.end, nameSpan: o.span }));
  yield* readPlannedFiles({
    files: wanted,
    from,
    to,
    readAhead: options.readAhead,
    signal,
    lakeRoot: root,
    describeAvailable: () => holds,
  });
}

/**
 * A Stellar data lake on disk (Galexie / SEP-54): with a manifest, the object of each ledger is
 * computed; without, the lake is listed. A ledger inside the range with no object is
 * INGEST_ERR_SOURCE_GAP.
 */
export function createLakeSource(options: LakeSourceOptions): LedgerSource {
  return createSourceShell({
    description: options.description,
    read: (range, signal) =>
      options.config === undefined
        ? readByListing(options, range, signal)
        : readWithConfig(options, options.config, range, signal),
  });
}
