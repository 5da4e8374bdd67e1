/** Well-known Stellar networks. `--network` takes one of these names or a full passphrase. */
export const NETWORK_PASSPHRASES = {
  pubnet: 'Public Global Stellar Network ; September 2015',
  testnet: 'Test SDF Network ; September 2015',
  futurenet: 'Test SDF Future Network ; October 2022',
} as const;

export type NetworkName = keyof typeof NETWORK_PASSPHRASES;

export interface Network {
  /** `pubnet`, `testnet`, `futurenet`, or `custom` for a passphrase given in full. */
  readonly name: NetworkName | 'custom';
  readonly passphrase: string;
}

export function resolveNetwork(nameOrPassphrase: string): Network {
  const known = NETWORK_PASSPHRASES[nameOrPassphrase as NetworkName];
  if (known !== undefined) return { name: nameOrPassphrase as NetworkName, passphrase: known };
  for (const [name, passphrase] of Object.entries(NETWORK_PASSPHRASES)) {
    if (passphrase === nameOrPassphrase) return { name: name as NetworkName, passphrase };
  }
  return { name: 'custom', passphrase: nameOrPassphrase };
}

/** The label every event carries: the well-known name, or the passphrase itself. */
export const networkLabel = (network: Network): string =>
  network.name === 'custom' ? network.passphrase : network.name;
