/**
 * One ledger found inside a file, before it is handed over: its sequence (read cheaply from the
 * header), where it is, and how to get its bytes (a view into the file, or a decode of a base64 line).
 */
export interface LedgerEntry {
  readonly sequence: number;
  /** File path, or `file#record-N` / `file#line-N` / `file#ledger-N` inside a multi-ledger file. */
  readonly origin: string;
  bytes(): Uint8Array;
}

export function sliceEntry(sequence: number, xdr: Uint8Array, origin: string): LedgerEntry {
  return { sequence, origin, bytes: () => xdr };
}
