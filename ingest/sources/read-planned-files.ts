import type { RawLedger } from '../../contracts/ledger-source.ts';
import { sourceError, throwIfAborted } from './errors.ts';
import { type LoadedLedgerFile, loadLedgerFile } from './ledger-file.ts';
import { readAhead } from './read-ahead.ts';

/** A file to read, with the ledgers its name or its first bytes announce. */
export interface PlannedFile {
  readonly kind: 'file';
  readonly path: string;
  readonly first: number;
  readonly last: number | undefined;
  /** Data-lake objects must hold only ledgers inside the span their name announces. */
  readonly nameSpan?: { readonly start: number; readonly end: number };
}

/** A data-lake object the layout requires but the lake does not have. */
export interface MissingObject {
  readonly kind: 'missing';
  readonly path: string;
  readonly first: number;
}

export interface ReadPlanOptions {
  readonly files: AsyncIterable<PlannedFile | MissingObject> | Iterable<PlannedFile | MissingObject>;
  readonly from: number | undefined;
  readonly to: number | undefined;
  readonly readAhead: number;
  readonly signal: AbortSignal | undefined;
  /** Set for a data lake: every ledger from `from` to `to` must be there, else INGEST_ERR_SOURCE_GAP. */
  readonly lakeRoot?: string;
  /** Says which ledgers the source holds, for INGEST_ERR_SOURCE_RANGE messages. */
  readonly describeAvailable: (lastSeen: number | undefined) => string;
}

function gapError(lakeRoot: string, missing: number, detail: string): Error {
  return sourceError(
    'INGEST_ERR_SOURCE_GAP',
    `Ledger ${missing} is missing from the data lake ${lakeRoot}: ${detail}. Copy the missing object into the lake, or read a range that stops before ledger ${missing}.`,
    { ledger: missing, lake: lakeRoot },
  );
}

function rangeEndError(options: ReadPlanOptions, lastSeen: number | undefined): Error {
  const { from, to } = options;
  return sourceError(
    'INGEST_ERR_SOURCE_RANGE',
    `The source ends before the requested range ${from ?? 'start'}..${to ?? 'end'}: it ${options.describeAvailable(lastSeen)}. Ask for a range inside it, or add the missing files.`,
    { from, to, last: lastSeen },
  );
}

async function* loadPlanned(options: ReadPlanOptions): AsyncGenerator<LoadedLedgerFile> {
  const finalFile = Array.isArray(options.files) ? options.files[options.files.length - 1] : undefined;
  for await (const planned of options.files) {
    throwIfAborted(options.signal, planned.path);
    if (planned.kind === 'missing') {
      throw gapError(
        options.lakeRoot ?? planned.path,
        Math.max(planned.first, options.from ?? planned.first),
        `its object ${planned.path} does not exist`,
      );
    }
    const loaded = await loadLedgerFile(planned.path, options.signal);
    const span = planned.nameSpan;
    if (span !== undefined && (loaded.first < span.start || loaded.last > span.end)) {
      throw sourceError(
        'INGEST_ERR_SOURCE_FORMAT',
        `${planned.path} is named for ledgers ${span.start}-${span.end} but holds ledgers ${loaded.first}-${loaded.last}. The object is misplaced or corrupt; re-download it.`,
        { file: planned.path, ledger: loaded.first },
      );
    }
    // The last file tells where the source ends: say so before handing over any of its ledgers.
    const end = options.to ?? options.from;
    if (planned === finalFile && end !== undefined && loaded.last < end)
      throw rangeEndError(options, loaded.last);
    yield loaded;
  }
}

/**
 * Reads planned files in order through a bounded read-ahead and hands over their ledgers in
 * ascending sequence, inside [from, to]. Stops right after `to`. A ledger that does not come after
 * the one before it is INGEST_ERR_SOURCE_ORDER; in a data lake a skipped ledger is
 * INGEST_ERR_SOURCE_GAP; a source that ends before `to` is INGEST_ERR_SOURCE_RANGE.
 */
export async function* readPlannedFiles(
  options: ReadPlanOptions,
): AsyncGenerator<RawLedger, void, undefined> {
  const { from, to, signal, lakeRoot } = options;
  let previous: { readonly sequence: number; readonly origin: string } | undefined;
  let expected = lakeRoot === undefined ? undefined : from;
  for await (const file of readAhead(loadPlanned(options), options.readAhead, signal)) {
    for (const entry of file.entries) {
      throwIfAborted(signal, file.file);
      if (previous !== undefined && entry.sequence <= previous.sequence) {
        throw sourceError(
          'INGEST_ERR_SOURCE_ORDER',
          `Ledger ${entry.sequence} in ${entry.origin} comes after ledger ${previous.sequence} in ${previous.origin}: a source must hold each ledger once, in ascending order. Remove the duplicate or misplaced file.`,
          { ledger: entry.sequence, file: entry.origin, previous: previous.origin },
        );
      }
      previous = entry;
      if (from !== undefined && entry.sequence < from) continue;
      if (to !== undefined && entry.sequence > to) return;
      if (lakeRoot !== undefined && expected !== undefined && entry.sequence !== expected) {
        throw gapError(lakeRoot, expected, `the next ledger found is ${entry.sequence} in ${entry.origin}`);
      }
      expected = entry.sequence + 1;
      yield { sequence: entry.sequence, xdr: entry.bytes(), origin: entry.origin };
      if (to !== undefined && entry.sequence >= to) return;
    }
  }
  const lastSeen = previous?.sequence;
  const end = to ?? from;
  if (end !== undefined && (lastSeen === undefined || lastSeen < end)) throw rangeEndError(options, lastSeen);
}
