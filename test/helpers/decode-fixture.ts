import type { RawLedger } from '../../contracts/ledger-source.ts';
import type { DecodedLedger } from '../../ingest/decode/decode-ledger.ts';
import { networkId } from '../../ingest/decode/transaction-hash.ts';
import { decodeRawLedger } from '../../ingest/decode-raw-ledger.ts';
import { openLocalLedgerSource } from '../../ingest/sources/open-local-source.ts';
import { PUBNET } from './fixtures.ts';

export interface DecodeFixtureOptions {
  readonly passphrase?: string;
  readonly label?: string;
  readonly skipNetworkCheck?: boolean;
}

/** Every ledger of a fixture file or folder, decoded to facts. */
export async function decodeFixture(
  file: string,
  options: DecodeFixtureOptions = {},
): Promise<DecodedLedger[]> {
  const settings = {
    networkLabel: options.label ?? 'pubnet',
    networkId: networkId(options.passphrase ?? PUBNET),
    skipNetworkCheck: options.skipNetworkCheck ?? false,
  };
  return (await readRawFixture(file)).map((raw) => decodeRawLedger(raw, settings));
}

/** Every ledger of a fixture file or folder, as read (undecoded). */
export async function readRawFixture(location: string): Promise<RawLedger[]> {
  const source = await openLocalLedgerSource(location);
  const out: RawLedger[] = [];
  try {
    for await (const raw of source.read({})) out.push(raw);
  } finally {
    await source.close();
  }
  return out;
}

export function countBy<T>(
  items: readonly T[],
  key: (item: T) => string | null | undefined,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) {
    const k = key(item);
    if (k !== null && k !== undefined) out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
