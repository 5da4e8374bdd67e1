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
}

export const LEDGER_READ_RULES: ReadRules = {
  skipTypes: new Set([
    // Ledger entry changes: ~57% of a ledger's bytes; no fact needs them.
    'LedgerEntryChange',
    // TransactionMeta v0-v3 per-operation metas: only ledger entry changes.
    'OperationMeta',
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
};
