import { sourceError } from './errors.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import { MAX_LEDGER_HEADER_PREFIX, readLedgerSequence } from './ledger-sequence.ts';

/**
 * A text file with one base64 LedgerCloseMeta per line (blank lines are skipped). Such files are
 * written by hand or by tutorials and need not be in ledger order (stellar/go's ttp-example lists
 * 46154623 before 36154623), so their ledgers are sorted by sequence.
 */
const BASE64_LINE = /^[A-Za-z0-9+/]*={0,2}$/;
const HEADER_CHARS = Math.ceil(MAX_LEDGER_HEADER_PREFIX / 3) * 4;

function isBase64Char(byte: number): boolean {
  return (
    (byte >= 0x41 && byte <= 0x5a) || // A-Z
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2b ||
    byte === 0x2f
  );
}

/** True if the bytes open (after blank space) with at least 8 base64 characters. */
export function looksLikeBase64Text(bytes: Uint8Array): boolean {
  let at = 0;
  while (at < bytes.length && (bytes[at] === 0x0a || bytes[at] === 0x0d || bytes[at] === 0x20)) at++;
  if (bytes.length - at < 8) return false;
  for (let i = at; i < at + 8; i++) {
    if (!isBase64Char(bytes[i] ?? 0)) return false;
  }
  return true;
}

interface Base64Line {
  readonly line: number;
  readonly text: string;
  readonly sequence: number;
}

/**
 * Checks every line and reads each ledger's sequence from the decoded start of its line; a line is
 * decoded in full only when its ledger is handed over, so the file is never decoded all at once.
 */
export function ledgersOfBase64Text(bytes: Uint8Array, file: string): LedgerEntry[] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  const lines: Base64Line[] = [];
  let lineNumber = 0;
  for (const rawLine of text.split('\n')) {
    lineNumber++;
    const line = rawLine.trim();
    if (line === '') continue;
    if (line.length % 4 !== 0 || !BASE64_LINE.test(line)) {
      const bad = [...line].findIndex(
        (c, i) => !isBase64Char(c.charCodeAt(0)) && !(c === '=' && i >= line.length - 2),
      );
      const where =
        bad >= 0
          ? `a non-base64 character at column ${bad + 1}`
          : `a length of ${line.length} characters (not a multiple of 4)`;
      throw sourceError(
        'INGEST_ERR_SOURCE_FORMAT',
        `${file} line ${lineNumber} is not base64: it has ${where}. Each line must hold one base64 LedgerCloseMeta; fix or regenerate the file.`,
        { file, line: lineNumber },
      );
    }
    const head = Buffer.from(line.slice(0, HEADER_CHARS), 'base64');
    const sequence = readLedgerSequence(head, { file: `${file} line ${lineNumber}`, offset: 0 });
    lines.push({ line: lineNumber, text: line, sequence });
  }
  lines.sort((a, b) => a.sequence - b.sequence);
  return lines.map((entry) => ({
    sequence: entry.sequence,
    origin: `${file}#line-${entry.line}`,
    bytes: () => {
      const bytes = Buffer.from(entry.text, 'base64');
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  }));
}
