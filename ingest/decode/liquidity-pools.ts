import type { xdr } from '@stellar/stellar-sdk';
import {
  LIQUIDITY_POOL_UPDATED,
  LIQUIDITY_POOL_UPDATED_VERSION,
  type LiquidityPoolChangeKind,
  type LiquidityPoolUpdated,
  liquidityPoolUpdatedId,
} from '../../contracts/events/liquidity-pool-updated.ts';
import { bytesOf, hexOf } from './bytes.ts';
import { decodeError } from './errors.ts';
import { type FactContext, makeFact } from './fact-context.ts';
import { readLedgerEntryChange } from './fast/read-ledger-entry-change.ts';
import { liquidityPoolStrkey } from './fast/strkey-memo.ts';
import { assetToString } from './xdr-values/asset.ts';

type AnyUnion = { type: string; [arm: string]: unknown };

/**
 * A ledger entry change as the SDK's reader gives it, or as the fast reader keeps it: its raw XDR
 * bytes, and only for liquidity pool entries (fast/read-rules.ts, filteredFields).
 */
export type EntryChange = xdr.LedgerEntryChange | Uint8Array;

/** What the decoders read of an operation's meta (OperationMeta, OperationMetaV2). */
export interface OperationChanges {
  readonly changes?: readonly EntryChange[];
}

/**
 * The per-operation metas of one transaction's meta, each with its ledger entry changes (every
 * TransactionMeta version keeps them per operation): all of them from the SDK's reader, only the
 * liquidity pool ones (raw) from the fast reader. The decoder below picks the pool ones either way.
 */
export function operationMetasOf(meta: xdr.TransactionMeta): readonly OperationChanges[] | undefined {
  const m = meta as unknown as AnyUnion;
  return (
    m.type === 'operations' ? m.operations : (m[m.type] as { operations?: unknown } | undefined)?.operations
  ) as readonly OperationChanges[] | undefined;
}

interface PoolState {
  readonly poolId: string;
  readonly poolIdBytes: Uint8Array;
  readonly params: xdr.LiquidityPoolConstantProductParameters;
  readonly reserveA: bigint;
  readonly reserveB: bigint;
  readonly totalPoolShares: bigint;
  readonly poolSharesTrustLineCount: bigint;
}

/** The pool entry inside a LedgerEntry, or null for any other entry type. */
function poolOfEntry(entry: xdr.LedgerEntry): PoolState | null {
  const data = entry.data as unknown as AnyUnion;
  if (data.type !== 'liquidityPool') return null;
  const pool = data.liquidityPool as xdr.LiquidityPoolEntry;
  const cp = pool.body.constantProduct;
  const poolIdBytes = bytesOf(pool.liquidityPoolId);
  return {
    poolId: hexOf(poolIdBytes),
    poolIdBytes,
    params: cp.params,
    reserveA: cp.reserveA,
    reserveB: cp.reserveB,
    totalPoolShares: cp.totalPoolShares,
    poolSharesTrustLineCount: cp.poolSharesTrustLineCount,
  };
}

const ENTRY_KINDS: Readonly<Record<string, [arm: string, kind: LiquidityPoolChangeKind]>> = {
  ledgerEntryCreated: ['created', 'created'],
  ledgerEntryUpdated: ['updated', 'updated'],
  ledgerEntryRestored: ['restored', 'restored'],
};

/** LedgerEntryChangeType of a `state` change: the entry before the operation changed it. */
const LEDGER_ENTRY_STATE = 3;

const readChange = (change: EntryChange): AnyUnion =>
  (change instanceof Uint8Array ? readLedgerEntryChange(change) : change) as unknown as AnyUnion;

/** Whether a change is a prior state, without reading raw bytes beyond the union discriminant. */
const isState = (change: EntryChange): boolean =>
  change instanceof Uint8Array
    ? change.length >= 4 &&
      (((change[0] as number) << 24) |
        ((change[1] as number) << 16) |
        ((change[2] as number) << 8) |
        (change[3] as number)) ===
        LEDGER_ENTRY_STATE
    : (change as unknown as AnyUnion).type === 'ledgerEntryState';

/** The last prior state of pool `poolId` among `states`, read only now that a removal needs it. */
function stateOfPool(states: readonly EntryChange[] | undefined, poolId: string): PoolState | undefined {
  for (let i = (states?.length ?? 0) - 1; i >= 0; i--) {
    const pool = poolOfEntry(readChange(states?.[i] as EntryChange).state as xdr.LedgerEntry);
    if (pool?.poolId === poolId) return pool;
  }
  return undefined;
}

/**
 * One LiquidityPoolUpdated per pool entry that one operation of a successful transaction created,
 * updated, restored or removed, in the order of the meta's changes. Changes of other entry types are
 * ignored, so the full list (SDK reader) and the pool-only list (fast reader) give the same facts.
 */
export function liquidityPoolFactsOfOperation(
  ctx: FactContext,
  txHash: string,
  txOrder: number,
  opIndex: number,
  changes: readonly EntryChange[],
): LiquidityPoolUpdated[] {
  const out: LiquidityPoolUpdated[] = [];
  let states: EntryChange[] | undefined;
  for (const change of changes) {
    if (isState(change)) {
      states ??= [];
      states.push(change);
      continue;
    }
    const c = readChange(change);
    if (c.type === 'ledgerEntryRemoved') {
      const key = c.removed as unknown as AnyUnion;
      if (key.type !== 'liquidityPool') continue;
      const poolId = hexOf((key.liquidityPool as xdr.LedgerKeyLiquidityPool).liquidityPoolId);
      const last = stateOfPool(states, poolId);
      if (last === undefined) {
        throw decodeError(
          'INGEST_ERR_XDR_INVALID_VALUE',
          `liquidity pool ${poolId} is removed by operation ${opIndex} of transaction ${txHash} in ledger ${ctx.ledger} without its prior state in the same changes (stellar-core always writes it): the ledger meta is corrupt or not from a real network; re-fetch it`,
          { ledger: ctx.ledger, field: `operations[${opIndex}].changes`, txHash },
        );
      }
      out.push(poolFact(ctx, txHash, txOrder, opIndex, 'removed', last));
      continue;
    }
    const kind = ENTRY_KINDS[c.type];
    if (kind === undefined) continue;
    const pool = poolOfEntry(c[kind[0]] as xdr.LedgerEntry);
    if (pool !== null) out.push(poolFact(ctx, txHash, txOrder, opIndex, kind[1], pool));
  }
  return out;
}

function poolFact(
  ctx: FactContext,
  txHash: string,
  txOrder: number,
  opIndex: number,
  change: LiquidityPoolChangeKind,
  pool: PoolState,
): LiquidityPoolUpdated {
  return makeFact(
    ctx,
    LIQUIDITY_POOL_UPDATED,
    LIQUIDITY_POOL_UPDATED_VERSION,
    liquidityPoolUpdatedId(ctx.ledger, txOrder, opIndex + 1, pool.poolId),
    txHash,
    {
      operationIndex: opIndex,
      change,
      poolId: pool.poolId,
      poolAddress: liquidityPoolStrkey(pool.poolIdBytes),
      assetA: assetToString(pool.params.assetA),
      assetB: assetToString(pool.params.assetB),
      fee: pool.params.fee,
      reserveA: pool.reserveA.toString(),
      reserveB: pool.reserveB.toString(),
      totalPoolShares: pool.totalPoolShares.toString(),
      poolSharesTrustLineCount: pool.poolSharesTrustLineCount.toString(),
    },
  );
}
