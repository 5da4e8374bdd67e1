import { xdr } from '@stellar/stellar-sdk';
import type { IndexerError } from '../../../contracts/errors.ts';
import { decodeError } from '../errors.ts';
import { compileReader } from './compile-reader.ts';
import { locateFault, type XdrFault } from './locate-fault.ts';
import { LEDGER_READ_RULES, type ReadRules } from './read-rules.ts';
import type { XdrSchema } from './xdr-schema.ts';

/** Where the bytes came from, for error messages. */
export interface ReadWhere {
  readonly origin?: string;
  readonly ledger?: number | null;
}

export interface LedgerCloseMetaReader {
  /**
   * Plain objects shaped like the SDK's (typed as the SDK's for the decoders) without the parts
   * LEDGER_READ_RULES skip. Throws INGEST_ERR_XDR_CORRUPT / INGEST_ERR_XDR_UNSUPPORTED with the XDR
   * path and byte offset when the bytes are not one whole LedgerCloseMeta.
   */
  read(bytes: Uint8Array, where?: ReadWhere): xdr.LedgerCloseMeta;
  /** Skip or raw rules that matched nothing: the SDK renamed a type or field they name. */
  readonly unusedRules: readonly string[];
}

const ledgerCloseMetaSchema = (): XdrSchema =>
  (xdr.LedgerCloseMeta as unknown as { schema: XdrSchema }).schema;

/** The typed error for bad bytes, classified as parse-ledger-xdr.ts does for the SDK's errors. */
export function faultError(fault: XdrFault, where: ReadWhere, cause?: unknown): IndexerError {
  const v = fault.unknownValue;
  const newer = v !== null && v >= 0 && v < 64;
  const at = `at ${fault.path}, byte ${fault.offset}: ${fault.reason}`;
  return decodeError(
    newer ? 'INGEST_ERR_XDR_UNSUPPORTED' : 'INGEST_ERR_XDR_CORRUPT',
    newer
      ? `ledger XDR has a value the bundled @stellar/stellar-sdk does not know ${at}. Upgrade @stellar/stellar-sdk, or re-fetch the file if it may be corrupt`
      : `ledger XDR is corrupt or truncated ${at}. Re-fetch the file`,
    { file: where.origin ?? null, ledger: where.ledger ?? null, xdrPath: fault.path, offset: fault.offset },
    cause,
  );
}

/**
 * Compiles the fast LedgerCloseMeta reader from the SDK's schemas (~50 ms). When the compiled reader
 * fails, a slow walk finds where and why; should it find the bytes valid (a reader bug), the SDK's
 * reader decodes them instead, so a bug here costs speed, never data.
 */
export function createLedgerCloseMetaReader(rules: ReadRules = LEDGER_READ_RULES): LedgerCloseMetaReader {
  const schema = ledgerCloseMetaSchema();
  const compiled = compileReader(schema, rules);
  return {
    unusedRules: compiled.unusedRules,
    read(bytes, where = {}) {
      try {
        return compiled.read(bytes) as xdr.LedgerCloseMeta;
      } catch (cause) {
        const fault = locateFault(schema, bytes);
        if (fault !== null) throw faultError(fault, where, cause instanceof Error ? cause : undefined);
        return readWithSdk(bytes, where, cause);
      }
    },
  };
}

function readWithSdk(bytes: Uint8Array, where: ReadWhere, fastCause: unknown): xdr.LedgerCloseMeta {
  try {
    return xdr.LedgerCloseMeta.fromXDR(bytes);
  } catch (cause) {
    throw decodeError(
      'INGEST_ERR_XDR_CORRUPT',
      `ledger XDR could not be read (fast reader: ${String(fastCause)}; SDK: ${String(cause)}): re-fetch the file`,
      { file: where.origin ?? null, ledger: where.ledger ?? null, xdrPath: 'LedgerCloseMeta' },
      cause,
    );
  }
}

let shared: LedgerCloseMetaReader | undefined;

/**
 * One LedgerCloseMeta, read fast: see createLedgerCloseMetaReader. The compiled reader is built on
 * first use and kept: it is pure code derived from the SDK's schemas, holding no data between calls.
 */
export function readLedgerCloseMeta(bytes: Uint8Array, where: ReadWhere = {}): xdr.LedgerCloseMeta {
  shared ??= createLedgerCloseMetaReader();
  return shared.read(bytes, where);
}
