/**
 * What the fast reader does not build. Everything listed is still walked (to find where it ends, and
 * to reject corrupt bytes exactly as the SDK would) but never allocated, and is absent from the plain
 * objects. Only what no decoder in ingest/decode reads may be listed: if a decoder starts reading one
 * of these, remove it here (the fast-reader test compares every fixture's facts with the SDK path).
 */
export interface ReadRules {
  /** Named XDR types never built, wherever they appear (arrays of them are skipped whole). */
  readonly skipTypes: ReadonlySet<string>;
  /** `Struct.field` pairs never built. */
  readonly skipFields: ReadonlySet<string>;
  /** Named types that carry their raw XDR bytes under RAW_XDR (see raw-xdr.ts). */
  readonly rawTypes: ReadonlySet<string>;
  /**
   * `Struct.field` arrays that hold only the elements `keep` accepts, each as its raw XDR bytes (a
   * subarray of the input, to decode where needed); the others are walked like skipped ones. Checked
   * before skipTypes, so the element type may be a skipped one.
   */
  readonly filteredFields?: ReadonlyMap<string, ElementFilter>;
}

/**
 * Whether to keep the array element starting at byte `offset` of `view`, decided from its first
 * bytes (union discriminants) before it is walked. It may read past the end of corrupt input: the
 * RangeError is handled like any read past the end.
 */
export type ElementFilter = (view: DataView, offset: number) => boolean;

// XDR enum values from Stellar-ledger-entries.x (the fast-reader test checks them against the SDK).
const LEDGER_ENTRY_REMOVED = 2;
const LIQUIDITY_POOL = 5;

/**
 * Liquidity pool entry changes only. A LedgerEntryChange is its LedgerEntryChangeType, then a
 * LedgerEntry (lastModifiedLedgerSeq, then LedgerEntryData whose discriminant is the
 * LedgerEntryType) or, when removed, a LedgerKey (whose discriminant is the LedgerEntryType).
 */
export const isLiquidityPoolChange: ElementFilter = (view, offset) =>
  view.getInt32(view.getInt32(offset) === LEDGER_ENTRY_REMOVED ? offset + 4 : offset + 8) === LIQUIDITY_POOL;

export const LEDGER_READ_RULES: ReadRules = {
  skipTypes: new Set([
    // Ledger entry changes: ~57% of a ledger's bytes; only the operations' liquidity pool changes
    // are kept, as raw bytes (filteredFields below). OperationMeta (TransactionMeta v0-v3) is built
    // for them: a `changes` array, empty but for pool changes.
    'LedgerEntryChange',
    'DiagnosticEvent',
    'ScpHistoryEntry',
    'UpgradeEntryMeta',
    // Envelope signatures: the hash covers the transaction only.
    'DecoratedSignature',
    // TransactionMeta v4's Soroban meta: only the return value and resource fees.
    'SorobanTransactionMetaV2',
  ]),
  skipFields: new Set([
    'SorobanTransactionMeta.returnValue',
    'LedgerCloseMetaV1.evictedKeys',
    'LedgerCloseMetaV1.unused',
    'LedgerCloseMetaV2.evictedKeys',
    // Footprints and archived entries; the facts read only `resourceFee`.
    'SorobanTransactionData.resources',
    'SorobanTransactionData.ext',
    // Offer and payment results: the facts read only the claim atoms.
    'ManageOfferSuccessResult.offer',
    'PathPaymentStrictReceiveResultSuccess.last',
    'PathPaymentStrictSendResultSuccess.last',
    // Validity conditions; the hash uses the raw bytes.
    'Transaction.cond',
    'TransactionV0.timeBounds',
    'LedgerHeader.skipList',
    'StellarValue.upgrades',
  ]),
  rawTypes: new Set([
    'TransactionV0',
    'Transaction',
    'FeeBumpTransaction',
    'ClaimableBalanceId',
    'LiquidityPoolParameters',
    'SignerKeyEd25519SignedPayload',
  ]),
  // LiquidityPoolUpdated facts (liquidity-pools.ts): TransactionMeta v0-v3 and v4 operation metas.
  filteredFields: new Map([
    ['OperationMeta.changes', isLiquidityPoolChange],
    ['OperationMetaV2.changes', isLiquidityPoolChange],
  ]),
};
