import { StrKey } from '@stellar/stellar-sdk';

/** The `G…` account behind a `M…` muxed address; any other address unchanged. */
export function baseAccount(address: string): string {
  if (!address.startsWith('M')) return address;
  const raw = StrKey.decodeMed25519PublicKey(address);
  return StrKey.encodeEd25519PublicKey(raw.subarray(0, 32));
}

/** The muxed `M…` address when `address` is one, else null. */
export const muxedOrNull = (address: string): string | null => (address.startsWith('M') ? address : null);

/**
 * The `B…` strkey CAP-67 events use for a claimable balance, from the hex of its XDR
 * `ClaimableBalanceID` (4-byte type, then the 32-byte hash).
 */
export function claimableBalanceAddress(balanceIdHex: string): string {
  const raw = Buffer.from(balanceIdHex, 'hex');
  const type = raw[3] ?? 0;
  return StrKey.encodeClaimableBalance(Buffer.concat([Buffer.from([type]), raw.subarray(4)]));
}

/**
 * Accounts and contracts (`G…`, `M…` folded to `G…`, `C…`) count as participants in activity read
 * models; liquidity pools (`L…`) and claimable balances (`B…`) do not.
 */
export function participant(address: string | null | undefined): string | null {
  if (address === null || address === undefined) return null;
  if (address.startsWith('G') || address.startsWith('C')) return address;
  if (address.startsWith('M')) return baseAccount(address);
  return null;
}
