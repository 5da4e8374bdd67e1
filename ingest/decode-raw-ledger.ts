import type { RawLedger } from '../contracts/ledger-source.ts';
import { type DecodedLedger, type DecodeOptions, decodeLedger } from './decode/decode-ledger.ts';
import { parseLedgerXdr } from './decode/parse-ledger-xdr.ts';

export type DecodeSettings = Omit<DecodeOptions, 'origin'>;

/** Bytes from a source to facts, with the source's origin in every error. */
export function decodeRawLedger(raw: RawLedger, settings: DecodeSettings): DecodedLedger {
  const lcm = parseLedgerXdr(raw.xdr, raw.origin, raw.sequence);
  return decodeLedger(lcm, { ...settings, origin: raw.origin });
}
