import path from 'node:path';
import type { LedgerSource, RawLedger } from '../../contracts/ledger-source.ts';
import { sourceError, throwIfAborted } from './errors.ts';
import { parseObjectName } from './galexie-names.ts';
import { probeLedgerFile } from './ledger-file.ts';
import { type PlannedFile, readPlannedFiles } from './read-planned-files.ts';
import { type CheckedRange, createSourceShell } from './source-shell.ts';

export interface LooseFilesSourceOptions {
  readonly description: string;
  /** Ledger files of any supported format, in any order. */
  readonly files: readonly string[];
  readonly readAhead: number;
}

/** Where each file starts (and ends, when known): from a data-lake name, else from its first bytes. */
async function indexFiles(files: readonly string[], signal: AbortSignal): Promise<PlannedFile[]> {
  const index: PlannedFile[] = [];
  for (const file of files) {
    throwIfAborted(signal, file);
    const span = parseObjectName(path.basename(file));
    if (span !== undefined) {
      index.push({ kind: 'file', path: file, first: span.start, last: span.end, nameSpan: span });
    } else {
      const probe = await probeLedgerFile(file, signal);
      index.push({ kind: 'file', path: file, first: probe.first, last: probe.last });
    }
  }
  return index.sort((a, b) => a.first - b.first || a.path.localeCompare(b.path));
}

/** The last ledger of the source when every file's last ledger is known. */
function knownLast(index: readonly PlannedFile[]): number | undefined {
  let last = -1;
  for (const file of index) {
    if (file.last === undefined) return undefined;
    last = Math.max(last, file.last);
  }
  return index.length === 0 ? undefined : last;
}

function describe(index: readonly PlannedFile[], lastSeen?: number): string {
  const first = index[0]?.first;
  if (first === undefined) return 'holds no ledger files';
  const files = `${index.length} file${index.length === 1 ? '' : 's'}`;
  const last = knownLast(index);
  if (last === undefined && lastSeen === undefined) return `holds ledgers from ${first} (${files})`;
  return `holds ledgers ${first}..${Math.max(last ?? -1, lastSeen ?? -1)} (${files}, possibly with gaps)`;
}

function checkCoverage(index: readonly PlannedFile[], range: CheckedRange, description: string): void {
  const { from, to } = range;
  if (from === undefined && to === undefined) return;
  const first = index[0]?.first;
  const last = knownLast(index);
  const before =
    first === undefined || (from !== undefined && from < first) || (to !== undefined && to < first);
  const after =
    last !== undefined && ((from !== undefined && from > last) || (to !== undefined && to > last));
  if (before || after) {
    throw sourceError(
      'INGEST_ERR_SOURCE_RANGE',
      `${description} does not cover ledgers ${from ?? 'start'}..${to ?? 'end'}: it ${describe(index)}. Ask for a range inside it, or add the missing files.`,
      { source: description, from, to, first, last },
    );
  }
}

/** A single ledger file, or a folder of loose ledger files read in ledger order. */
export function createLooseFilesSource(options: LooseFilesSourceOptions): LedgerSource {
  const { description } = options;
  return createSourceShell({
    description,
    async *read(range: CheckedRange, signal: AbortSignal): AsyncGenerator<RawLedger, void, undefined> {
      const index = await indexFiles(options.files, signal);
      checkCoverage(index, range, description);
      const { from, to } = range;
      const wanted = index.filter(
        (f) =>
          !(from !== undefined && f.last !== undefined && f.last < from) &&
          !(to !== undefined && f.first > to),
      );
      yield* readPlannedFiles({
        files: wanted,
        from,
        to,
        readAhead: options.readAhead,
        signal,
        describeAvailable: (lastSeen) => describe(index, lastSeen),
      });
    },
  });
}
