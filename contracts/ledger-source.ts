/** One ledger's raw metadata as a source hands it over, before decoding. */
export interface RawLedger {
  readonly sequence: number;
  /** One XDR `LedgerCloseMeta`, uncompressed. */
  readonly xdr: Uint8Array;
  /** Where it came from, for error messages: file path, URL, or `file#record`. */
  readonly origin: string;
}

export interface LedgerRange {
  /** First ledger wanted (inclusive); undefined for the first the source has. */
  readonly from?: number | undefined;
  /** Last ledger wanted (inclusive); undefined for all the source has (or, following, forever). */
  readonly to?: number | undefined;
}

export interface LedgerSourceReadOptions extends LedgerRange {
  readonly signal?: AbortSignal;
}

/**
 * A place ledgers come from: local files, a data lake, Stellar RPC… Reading pulls ledgers in
 * ascending sequence; read-ahead is bounded by the source's own limit, so a slow consumer holds
 * the producer back instead of filling memory.
 */
export interface LedgerSource {
  /** A human name for logs and errors, e.g. `galexie:/data/lake`. */
  readonly description: string;
  read(options: LedgerSourceReadOptions): AsyncIterable<RawLedger>;
  close(): Promise<void>;
}
