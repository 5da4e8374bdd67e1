import { xdr } from '@stellar/stellar-sdk';
import { decodeError } from '../errors.ts';
import { type CompiledReader, compileReader } from './compile-reader.ts';
import type { XdrSchema } from './xdr-schema.ts';

const NOTHING_SKIPPED = {
  skipTypes: new Set<string>(),
  skipFields: new Set<string>(),
  rawTypes: new Set<string>(),
};

/**
 * Reads the raw LedgerEntryChange bytes the fast LedgerCloseMeta reader keeps (read-rules.ts,
 * filteredFields) into plain objects shaped like the SDK's. A reader of its own: building these
 * entries inside the LedgerCloseMeta reader made its other allocations survive longer and doubled
 * the garbage collector's work.
 */
export function createLedgerEntryChangeReader(): (bytes: Uint8Array) => xdr.LedgerEntryChange {
  const schema = (xdr.LedgerEntryChange as unknown as { schema: XdrSchema }).schema;
  const compiled: CompiledReader = compileReader(schema, NOTHING_SKIPPED);
  return (bytes) => {
    try {
      return compiled.read(bytes) as xdr.LedgerEntryChange;
    } catch {
      // The LedgerCloseMeta reader validated these bytes already: only a bug here gets this far.
      try {
        return xdr.LedgerEntryChange.fromXDR(bytes);
      } catch (cause) {
        throw decodeError(
          'INGEST_ERR_XDR_CORRUPT',
          `a ledger entry change kept by the fast reader could not be read (${String(cause)}): re-fetch the ledger file`,
          { xdrPath: 'LedgerEntryChange' },
          cause,
        );
      }
    }
  };
}

let shared: ((bytes: Uint8Array) => xdr.LedgerEntryChange) | undefined;

/** One kept LedgerEntryChange, read fast; the reader is compiled on first use and kept (pure code). */
export function readLedgerEntryChange(bytes: Uint8Array): xdr.LedgerEntryChange {
  shared ??= createLedgerEntryChangeReader();
  return shared(bytes);
}
