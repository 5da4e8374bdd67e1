import type { AssetString, Fraction } from './asset.ts';
import type { ScValJson } from './scval-json.ts';

/**
 * The body of every Stellar operation as plain JSON, one variant per XDR `OperationType`, tagged by
 * `type` with the name the SDK uses in `op.body.type`.
 *
 * Conventions:
 * - accounts are strkeys: `G…`, or `M…` where the XDR field is a muxed account; contracts `C…`;
 * - assets are canonical strings (`native` | `CODE:ISSUER`; trust lines also `pool:<hex pool id>`);
 * - amounts, limits, offer ids, sequence numbers and times are integer decimal strings (stroops for
 *   amounts); prices are exact reduced fractions;
 * - hashes and pool ids are lowercase hex; a claimable-balance id is the hex of the whole XDR
 *   `ClaimableBalanceID` (type + hash, 72 hex digits, as Horizon shows it);
 * - XDR strings are UTF-8 text; when their bytes are not valid UTF-8 the text is a lenient decode and a
 *   sibling `…Hex` field carries the exact bytes.
 */

// ── Shared pieces ───────────────────────────────────────────────────────────────────────────────

/** A claim predicate as a JSON tree. Times are seconds, as decimal strings. */
export type ClaimPredicateJson =
  | { readonly type: 'unconditional' }
  | { readonly type: 'and'; readonly predicates: readonly ClaimPredicateJson[] }
  | { readonly type: 'or'; readonly predicates: readonly ClaimPredicateJson[] }
  | { readonly type: 'not'; readonly predicate: ClaimPredicateJson | null }
  /** Claimable before this UNIX time (seconds). */
  | { readonly type: 'beforeAbsoluteTime'; readonly time: string }
  /** Claimable within this many seconds of the balance's creation. */
  | { readonly type: 'beforeRelativeTime'; readonly seconds: string };

export interface ClaimantJson {
  readonly destination: string;
  readonly predicate: ClaimPredicateJson;
}

/** A signer: its key as a strkey (`G…` ed25519, `T…` pre-auth tx, `X…` sha256 hash, `P…` signed payload). */
export interface SignerJson {
  readonly key: string;
  readonly weight: number;
}

/** The parameters of a constant-product liquidity pool (fee in basis points). */
export interface LiquidityPoolParamsJson {
  readonly assetA: AssetString;
  readonly assetB: AssetString;
  readonly fee: number;
}

/** A ledger key in compact typed form. */
export type LedgerKeyJson =
  | { readonly type: 'account'; readonly accountId: string }
  | { readonly type: 'trustline'; readonly accountId: string; readonly asset: AssetString }
  | { readonly type: 'offer'; readonly sellerId: string; readonly offerId: string }
  | {
      readonly type: 'data';
      readonly accountId: string;
      readonly dataName: string;
      readonly dataNameHex?: string;
    }
  | { readonly type: 'claimableBalance'; readonly balanceId: string }
  | { readonly type: 'liquidityPool'; readonly liquidityPoolId: string }
  | {
      readonly type: 'contractData';
      readonly contract: string;
      readonly key: ScValJson;
      readonly durability: 'temporary' | 'persistent';
    }
  | { readonly type: 'contractCode'; readonly hash: string }
  /** The XDR `ConfigSettingID` name, e.g. `configSettingContractMaxSizeBytes`. */
  | { readonly type: 'configSetting'; readonly configSettingId: string }
  | { readonly type: 'ttl'; readonly keyHash: string };

/** What a contract runs. */
export type ContractExecutableJson =
  | { readonly type: 'wasm'; readonly wasmHash: string }
  | { readonly type: 'stellarAsset' }
  | { readonly type: 'externalRef'; readonly owner: string; readonly tag: string; readonly tagHex?: string };

/** Where a new contract's id comes from: a deployer address and salt, or a Stellar asset (its SAC). */
export type ContractDeployerJson =
  | { readonly type: 'address'; readonly address: string; readonly salt: string }
  | { readonly type: 'asset'; readonly asset: AssetString };

export type HostFunctionJson =
  | {
      readonly kind: 'invokeContract';
      readonly contractAddress: string;
      readonly functionName: string;
      readonly functionNameHex?: string;
      readonly args: readonly ScValJson[];
    }
  | {
      readonly kind: 'createContract';
      readonly executable: ContractExecutableJson;
      readonly deployer: ContractDeployerJson;
    }
  | {
      readonly kind: 'createContractV2';
      readonly executable: ContractExecutableJson;
      readonly deployer: ContractDeployerJson;
      readonly constructorArgs: readonly ScValJson[];
    }
  | {
      readonly kind: 'uploadContractWasm';
      /** SHA-256 of the code, hex: the hash contracts refer to it by. */
      readonly wasmHash: string;
      /** Size of the code in bytes. */
      readonly wasmSize: number;
    };

/** What a revokeSponsorship operation revokes. */
export type RevokeSponsorshipTargetJson =
  | { readonly type: 'ledgerEntry'; readonly ledgerKey: LedgerKeyJson }
  | { readonly type: 'signer'; readonly accountId: string; readonly signerKey: string };

// ── Operation bodies ────────────────────────────────────────────────────────────────────────────

export interface CreateAccountBody {
  readonly type: 'createAccount';
  readonly destination: string;
  readonly startingBalance: string;
}

export interface PaymentBody {
  readonly type: 'payment';
  readonly destination: string;
  readonly asset: AssetString;
  readonly amount: string;
}

export interface PathPaymentStrictReceiveBody {
  readonly type: 'pathPaymentStrictReceive';
  readonly destination: string;
  readonly sendAsset: AssetString;
  /** Most the source will send. */
  readonly sendMax: string;
  readonly destAsset: AssetString;
  /** Exactly what the destination receives. */
  readonly destAmount: string;
  /** Intermediate assets, in order (excluding send and dest assets). */
  readonly path: readonly AssetString[];
}

export interface PathPaymentStrictSendBody {
  readonly type: 'pathPaymentStrictSend';
  readonly destination: string;
  readonly sendAsset: AssetString;
  /** Exactly what the source sends. */
  readonly sendAmount: string;
  readonly destAsset: AssetString;
  /** Least the destination must receive. */
  readonly destMin: string;
  readonly path: readonly AssetString[];
}

export interface ManageSellOfferBody {
  readonly type: 'manageSellOffer';
  readonly selling: AssetString;
  readonly buying: AssetString;
  /** Amount of `selling` offered; 0 deletes the offer. */
  readonly amount: string;
  /** Price of 1 unit of `selling` in units of `buying`. */
  readonly price: Fraction;
  /** 0 creates a new offer. */
  readonly offerId: string;
}

export interface ManageBuyOfferBody {
  readonly type: 'manageBuyOffer';
  readonly selling: AssetString;
  readonly buying: AssetString;
  /** Amount of `buying` wanted; 0 deletes the offer. */
  readonly buyAmount: string;
  /** Price of 1 unit of `buying` in units of `selling`. */
  readonly price: Fraction;
  readonly offerId: string;
}

export interface CreatePassiveSellOfferBody {
  readonly type: 'createPassiveSellOffer';
  readonly selling: AssetString;
  readonly buying: AssetString;
  readonly amount: string;
  readonly price: Fraction;
}

/** Every field is null when the operation leaves it unchanged. */
export interface SetOptionsBody {
  readonly type: 'setOptions';
  readonly inflationDest: string | null;
  /** Account flags bitmask (1 auth required, 2 auth revocable, 4 auth immutable, 8 clawback enabled). */
  readonly clearFlags: number | null;
  readonly setFlags: number | null;
  readonly masterWeight: number | null;
  readonly lowThreshold: number | null;
  readonly medThreshold: number | null;
  readonly highThreshold: number | null;
  readonly homeDomain: string | null;
  readonly homeDomainHex?: string;
  /** Adds, updates, or (weight 0) removes a signer. */
  readonly signer: SignerJson | null;
}

export interface ChangeTrustBody {
  readonly type: 'changeTrust';
  /** `CODE:ISSUER`, or `pool:<hex pool id>` for pool shares (then `liquidityPool` is set). */
  readonly line: AssetString;
  readonly liquidityPool: LiquidityPoolParamsJson | null;
  /** 0 removes the trust line. */
  readonly limit: string;
}

/** Deprecated in favour of setTrustLineFlags. The asset's issuer is the operation's source account. */
export interface AllowTrustBody {
  readonly type: 'allowTrust';
  readonly trustor: string;
  readonly assetCode: string;
  /** Raw flags: 1 authorized, 2 authorized to maintain liabilities, 0 revoke. */
  readonly authorize: number;
}

export interface AccountMergeBody {
  readonly type: 'accountMerge';
  readonly destination: string;
}

export interface InflationBody {
  readonly type: 'inflation';
}

export interface ManageDataBody {
  readonly type: 'manageData';
  readonly dataName: string;
  readonly dataNameHex?: string;
  /** Hex of the value; null deletes the entry. */
  readonly dataValue: string | null;
}

export interface BumpSequenceBody {
  readonly type: 'bumpSequence';
  readonly bumpTo: string;
}

export interface CreateClaimableBalanceBody {
  readonly type: 'createClaimableBalance';
  readonly asset: AssetString;
  readonly amount: string;
  readonly claimants: readonly ClaimantJson[];
}

export interface ClaimClaimableBalanceBody {
  readonly type: 'claimClaimableBalance';
  readonly balanceId: string;
}

export interface BeginSponsoringFutureReservesBody {
  readonly type: 'beginSponsoringFutureReserves';
  readonly sponsoredId: string;
}

export interface EndSponsoringFutureReservesBody {
  readonly type: 'endSponsoringFutureReserves';
}

export interface RevokeSponsorshipBody {
  readonly type: 'revokeSponsorship';
  readonly target: RevokeSponsorshipTargetJson;
}

export interface ClawbackBody {
  readonly type: 'clawback';
  readonly from: string;
  readonly asset: AssetString;
  readonly amount: string;
}

export interface ClawbackClaimableBalanceBody {
  readonly type: 'clawbackClaimableBalance';
  readonly balanceId: string;
}

export interface SetTrustLineFlagsBody {
  readonly type: 'setTrustLineFlags';
  readonly trustor: string;
  readonly asset: AssetString;
  /** Trust-line flags bitmask (1 authorized, 2 authorized to maintain liabilities, 4 clawback enabled). */
  readonly clearFlags: number;
  readonly setFlags: number;
}

export interface LiquidityPoolDepositBody {
  readonly type: 'liquidityPoolDeposit';
  readonly liquidityPoolId: string;
  readonly maxAmountA: string;
  readonly maxAmountB: string;
  /** Bounds on the deposit price A/B. */
  readonly minPrice: Fraction;
  readonly maxPrice: Fraction;
}

export interface LiquidityPoolWithdrawBody {
  readonly type: 'liquidityPoolWithdraw';
  readonly liquidityPoolId: string;
  /** Pool shares to redeem. */
  readonly amount: string;
  readonly minAmountA: string;
  readonly minAmountB: string;
}

export interface InvokeHostFunctionBody {
  readonly type: 'invokeHostFunction';
  readonly hostFunction: HostFunctionJson;
  /** Number of Soroban authorization entries attached to the operation. */
  readonly authEntryCount: number;
}

export interface ExtendFootprintTtlBody {
  readonly type: 'extendFootprintTtl';
  /** Ledgers from now the footprint's entries must live at least. */
  readonly extendTo: number;
}

export interface RestoreFootprintBody {
  readonly type: 'restoreFootprint';
}

export type OperationBody =
  | CreateAccountBody
  | PaymentBody
  | PathPaymentStrictReceiveBody
  | ManageSellOfferBody
  | CreatePassiveSellOfferBody
  | SetOptionsBody
  | ChangeTrustBody
  | AllowTrustBody
  | AccountMergeBody
  | InflationBody
  | ManageDataBody
  | BumpSequenceBody
  | ManageBuyOfferBody
  | PathPaymentStrictSendBody
  | CreateClaimableBalanceBody
  | ClaimClaimableBalanceBody
  | BeginSponsoringFutureReservesBody
  | EndSponsoringFutureReservesBody
  | RevokeSponsorshipBody
  | ClawbackBody
  | ClawbackClaimableBalanceBody
  | SetTrustLineFlagsBody
  | LiquidityPoolDepositBody
  | LiquidityPoolWithdrawBody
  | InvokeHostFunctionBody
  | ExtendFootprintTtlBody
  | RestoreFootprintBody;

/** The XDR operation type names, e.g. `payment`, `invokeHostFunction`. */
export type OperationType = OperationBody['type'];
