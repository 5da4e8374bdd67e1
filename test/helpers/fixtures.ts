import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared real-network fixtures, read in place; STELLAR_FIXTURES_DIR points elsewhere. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixturesDir = (): string =>
  process.env.STELLAR_FIXTURES_DIR ?? path.resolve(repoRoot, '../shared/fixtures');
export const fixture = (...parts: string[]): string => path.join(fixturesDir(), ...parts);

export const PUBNET_P26_DIR = (): string => fixture('ledger-close-meta/pubnet/p26-63092982-63093001');
export const PUBNET = 'Public Global Stellar Network ; September 2015';
export const TESTNET = 'Test SDF Network ; September 2015';
