import type { AssetString } from '../asset.ts';
import type { EventEnvelope } from './envelope.ts';

export const TOKEN_TRANSFERRED = 'TokenTransferred';
export const TOKEN_TRANSFERRED_VERSION = 1;

export type TokenTransferKind = 'transfer' | 'mint' | 'burn' | 'clawback' | 'fee';

export interface TokenTransferredData {
  readonly kind: TokenTransferKind;
  /** `cap67` for the unified Stellar asset events, `sep41` for a custom token's events. */
  readonly shape: 'cap67' | 'sep41';
  /** Debited party (absent for mint). Strkey of any address kind. */
  readonly from: string | null;
  /** Credited party (absent for burn, clawback, fee). */
  readonly to: string | null;
  /** `native` or `CODE:ISSUER` when the event names a Stellar asset; null for custom tokens. */
  readonly asset: AssetString | null;
  /** The token contract that emitted the event (C… strkey). */
  readonly contractId: string | null;
  /** Integer amount (stroops for Stellar assets), decimal string. Negative only for fee refunds. */
  readonly amount: string;
  /** Muxed id of the destination when the event carried one. */
  readonly toMuxedId: string | null;
  readonly operationIndex: number | null;
  /** The ID of the ContractEventEmitted this transfer was read from. */
  readonly eventId: string;
}

export type TokenTransferred = EventEnvelope<typeof TOKEN_TRANSFERRED, TokenTransferredData>;
