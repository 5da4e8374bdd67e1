import type { xdr } from '@stellar/stellar-sdk';
import type { LedgerFact } from '../../../contracts/events/index.ts';
import type { TradeExecuted } from '../../../contracts/events/trade-executed.ts';
import { ledgerId, operationId, transactionId } from '../../../contracts/ids.ts';
import { transactionParts } from '../../../ingest/decode/transaction-parts.ts';
import { summarizeResult } from '../../../ingest/decode/transaction-result.ts';
import { muxedAccountToStrkey } from '../../../ingest/decode/xdr-values/accounts.ts';
import { type FixtureLedger, rfc3339 } from '../replay-rpc-events/fixture-ledgers.ts';
import type { HorizonRow } from './replay-horizon-server.ts';

/** Stroops → Horizon's 7-decimal amount text. */
export function horizonAmount(stroops: string | bigint): string {
  const v = BigInt(stroops);
  const sign = v < 0n ? '-' : '';
  const abs = v < 0n ? -v : v;
  return `${sign}${abs / 10_000_000n}.${(abs % 10_000_000n).toString().padStart(7, '0')}`;
}

/** XDR operation type names in enum order: the index is Horizon's `type_i`. */
const OPERATION_TYPES = [
  'createAccount',
  'payment',
  'pathPaymentStrictReceive',
  'manageSellOffer',
  'createPassiveSellOffer',
  'setOptions',
  'changeTrust',
  'allowTrust',
  'accountMerge',
  'inflation',
  'manageData',
  'bumpSequence',
  'manageBuyOffer',
  'pathPaymentStrictSend',
  'createClaimableBalance',
  'claimClaimableBalance',
  'beginSponsoringFutureReserves',
  'endSponsoringFutureReserves',
  'revokeSponsorship',
  'clawback',
  'clawbackClaimableBalance',
  'setTrustLineFlags',
  'liquidityPoolDeposit',
  'liquidityPoolWithdraw',
  'invokeHostFunction',
  'extendFootprintTtl',
  'restoreFootprint',
];

const snake = (name: string): string => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Horizon's payments collection: the operation types that move value between accounts. */
const PAYMENT_TYPES = new Set([
  'createAccount',
  'payment',
  'pathPaymentStrictReceive',
  'pathPaymentStrictSend',
  'accountMerge',
]);

/** G… of a strkey that may be muxed (M…): Horizon's `*_account` field holds the G form. */
const gOf = async (account: string): Promise<string> => {
  if (!account.startsWith('M')) return account;
  const { MuxedAccount } = await import('@stellar/stellar-sdk');
  return MuxedAccount.fromAddress(account, '0').baseAccount().accountId();
};

function assetFields(prefix: string, asset: string): Record<string, string> {
  if (asset === 'native') return { [`${prefix}_asset_type`]: 'native' };
  const [code, issuer] = asset.split(':') as [string, string];
  return {
    [`${prefix}_asset_type`]: code.length <= 4 ? 'credit_alphanum4' : 'credit_alphanum12',
    [`${prefix}_asset_code`]: code,
    [`${prefix}_asset_issuer`]: issuer,
  };
}

export interface DerivedHorizon {
  readonly collections: Record<string, HorizonRow[]>;
  readonly elderLedger: number;
  readonly latestLedger: number;
}

/**
 * Horizon-shaped records re-served from real ledgers: ledgers (every field Horizon has, with
 * header_xdr), transactions (with envelope and result XDR), operations and payments (Horizon's common
 * fields; type-specific fields are left out, the mapping reads the joined transaction), and trades
 * (built from the ledger path's claim atoms with Horizon's base/counter orientation: base is the side
 * whose asset sorts first, `base_is_seller` says whether that is the maker). Every XDR field is the
 * ledger's own bytes, re-encoded.
 */
export async function deriveHorizonRecords(
  ledgers: readonly FixtureLedger[],
  facts: readonly LedgerFact[],
): Promise<DerivedHorizon> {
  const collections: Record<string, HorizonRow[]> = {
    ledgers: [],
    transactions: [],
    operations: [],
    payments: [],
    trades: [],
  };
  for (const ledger of ledgers) {
    const h = ledger.header as unknown as {
      totalCoins: bigint;
      feePool: bigint;
      baseFee: number;
      baseReserve: number;
      maxTxSetSize: number;
      ledgerVersion: number;
      toXDR(format: 'base64'): string;
    };
    let ok = 0;
    let ops = 0;
    let okOps = 0;
    const createdAt = rfc3339(ledger.closeTime);
    for (const tx of ledger.txs) {
      const parts = transactionParts(tx.envelope);
      const summary = summarizeResult(tx.result);
      ops += parts.operations.length;
      if (summary.successful) {
        ok += 1;
        okOps += parts.operations.length;
      }
      collections.transactions?.push({
        id: tx.hash,
        paging_token: transactionId(ledger.sequence, tx.order),
        successful: summary.successful,
        hash: tx.hash,
        ledger: ledger.sequence,
        created_at: createdAt,
        source_account: await gOf(parts.sourceAccount),
        source_account_sequence: parts.sequence.toString(),
        fee_account: await gOf(parts.feeBump?.feeSource ?? parts.sourceAccount),
        fee_charged: summary.feeCharged.toString(),
        max_fee: (parts.feeBump?.maxFee ?? parts.maxFee).toString(),
        operation_count: parts.operations.length,
        envelope_xdr: tx.envelope.toXDR('base64'),
        result_xdr: tx.result.toXDR('base64'),
      });
      for (const [index, op] of parts.operations.entries()) {
        const o = op as xdr.Operation;
        const type = (o.body as unknown as { type: string }).type;
        const record: HorizonRow = {
          id: operationId(ledger.sequence, tx.order, index + 1),
          paging_token: operationId(ledger.sequence, tx.order, index + 1),
          transaction_successful: summary.successful,
          source_account: await gOf(
            o.sourceAccount === null ? parts.sourceAccount : muxedAccountToStrkey(o.sourceAccount),
          ),
          type: snake(type),
          type_i: OPERATION_TYPES.indexOf(type),
          created_at: createdAt,
          transaction_hash: tx.hash,
        };
        collections.operations?.push(record);
        if (PAYMENT_TYPES.has(type)) collections.payments?.push(record);
      }
    }
    collections.ledgers?.push({
      id: ledger.hash,
      paging_token: ledgerId(ledger.sequence),
      hash: ledger.hash,
      prev_hash: ledger.previousHash,
      sequence: ledger.sequence,
      successful_transaction_count: ok,
      failed_transaction_count: ledger.txs.length - ok,
      operation_count: okOps,
      tx_set_operation_count: ops,
      closed_at: createdAt,
      total_coins: horizonAmount(h.totalCoins),
      fee_pool: horizonAmount(h.feePool),
      base_fee_in_stroops: h.baseFee,
      base_reserve_in_stroops: h.baseReserve,
      max_tx_set_size: h.maxTxSetSize,
      protocol_version: h.ledgerVersion,
      header_xdr: h.toXDR('base64'),
    });
  }
  for (const fact of facts)
    if (fact.type === 'TradeExecuted') collections.trades?.push(await tradeRecord(fact));
  const sequences = ledgers.map((l) => l.sequence);
  return { collections, elderLedger: Math.min(...sequences), latestLedger: Math.max(...sequences) };
}

async function tradeRecord(fact: TradeExecuted): Promise<HorizonRow> {
  const d = fact.data;
  const maker = {
    account: d.seller,
    pool: d.liquidityPoolId,
    offerId: d.offerId,
    asset: d.assetSold,
    amount: d.amountSold,
  };
  const taker = { account: d.buyer, pool: null, offerId: null, asset: d.assetBought, amount: d.amountBought };
  const baseIsSeller = maker.asset <= taker.asset;
  const [base, counter] = baseIsSeller ? [maker, taker] : [taker, maker];
  const side = async (prefix: string, s: typeof maker): Promise<Record<string, unknown>> => ({
    ...(s.account === null ? {} : { [`${prefix}_account`]: await gOf(s.account) }),
    ...(s.account?.startsWith('M') ? { [`${prefix}_account_muxed`]: s.account } : {}),
    ...(s.pool === null ? {} : { [`${prefix}_liquidity_pool_id`]: s.pool }),
    ...(s.offerId === null ? {} : { [`${prefix}_offer_id`]: s.offerId }),
    [`${prefix}_amount`]: horizonAmount(s.amount),
    ...assetFields(prefix, s.asset),
  });
  return {
    id: fact.id,
    paging_token: fact.id,
    ledger_close_time: fact.closeTime.replace('.000Z', 'Z'),
    trade_type: d.kind,
    ...(await side('base', base)),
    ...(await side('counter', counter)),
    base_is_seller: baseIsSeller,
    price: d.price === null ? { n: '0', d: '1' } : { n: d.price.n, d: d.price.d },
  };
}
