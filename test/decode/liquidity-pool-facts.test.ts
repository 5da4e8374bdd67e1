import { Asset, getLiquidityPoolId, StrKey, xdr } from '@stellar/stellar-sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerFact, LiquidityPoolUpdated } from '../../contracts/events/index.ts';
import type { RawLedger } from '../../contracts/ledger-source.ts';
import { compileReader } from '../../ingest/decode/fast/compile-reader.ts';
import { LEDGER_READ_RULES } from '../../ingest/decode/fast/read-rules.ts';
import type { XdrSchema } from '../../ingest/decode/fast/xdr-schema.ts';
import { liquidityPoolFactsOfOperation } from '../../ingest/decode/liquidity-pools.ts';
import { decodeFixture, readRawFixture } from '../helpers/decode-fixture.ts';
import { fixture, PUBNET_P26_DIR } from '../helpers/fixtures.ts';

// Liquidity pool facts against the SDK's own reading of the same meta (xdr.*.fromXDR, toJSON,
// Asset.fromOperation, getLiquidityPoolId): a walk written here, independent of the decoder.

/** SDK toJSON output, read with `at`. */
type Json = Record<string, unknown>;
type AnyUnion = { type: string; [arm: string]: unknown };
interface SdkPoolChange {
  readonly key: string;
  readonly change: string;
  /** The entry as the SDK prints it (toJSON); for a removal, the state just before it. */
  readonly pool: Json;
  /** The pool's state before the operation, when the meta has one. */
  readonly before: Json | null;
}

const ENTRY_KIND: Record<string, string> = {
  ledgerEntryCreated: 'created',
  ledgerEntryUpdated: 'updated',
  ledgerEntryRestored: 'restored',
  ledgerEntryRemoved: 'removed',
};

/** The value at `path` inside SDK JSON, or undefined. */
function at(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const k of path) v = (v as Json | null | undefined)?.[k];
  return v;
}

function str(value: unknown, ...path: string[]): string {
  const v = at(value, ...path);
  if (typeof v !== 'string') throw new Error(`no string at ${path.join('.')}`);
  return v;
}

const poolJsonOf = (entryJson: unknown): Json | null =>
  (at(entryJson, 'data', 'liquidity_pool') as Json) ?? null;
const CP = ['body', 'liquidity_pool_constant_product'];

/** Every liquidity pool change of every operation of every successful transaction, per the SDK. */
function sdkPoolChanges(bytes: Uint8Array): SdkPoolChange[] {
  const lcm = xdr.LedgerCloseMeta.fromXDR(bytes) as unknown as AnyUnion;
  const body = lcm[lcm.type] as {
    ledgerHeader: { header: { ledgerSeq: number } };
    txProcessing: { result: xdr.TransactionResultPair; txApplyProcessing: xdr.TransactionMeta }[];
  };
  const out: SdkPoolChange[] = [];
  for (const tp of body.txProcessing) {
    const outcome = (tp.result.result.result as unknown as AnyUnion).type;
    if (outcome !== 'txSuccess' && outcome !== 'txFeeBumpInnerSuccess') continue;
    const hash = Buffer.from(tp.result.transactionHash.toBytes()).toString('hex');
    const meta = tp.txApplyProcessing as unknown as AnyUnion;
    const ops = (meta.type === 'operations' ? meta.operations : at(meta[meta.type], 'operations')) as {
      changes: xdr.LedgerEntryChange[];
    }[];
    ops.forEach((op, opIndex) => {
      const states = new Map<string, Json>();
      for (const change of op.changes) {
        const json = (change as unknown as { toJSON(): Json }).toJSON();
        const [arm, value] = Object.entries(json)[0] as [string, Json];
        if (arm === 'removed') {
          const id = at(value, 'liquidity_pool', 'liquidity_pool_id') as string | undefined;
          if (id === undefined) continue;
          const before = states.get(id) ?? null;
          if (before === null) throw new Error(`removal of ${id} without a prior state`);
          out.push({ key: `${hash}/${opIndex}/${id}`, change: 'removed', pool: before, before });
          continue;
        }
        const pool = poolJsonOf(value);
        if (pool === null) continue;
        const id = str(pool, 'liquidity_pool_id');
        if (arm === 'state') {
          states.set(id, pool);
          continue;
        }
        const kind = ENTRY_KIND[(change as unknown as AnyUnion).type];
        if (kind === undefined) throw new Error(`unexpected change ${arm}`);
        out.push({ key: `${hash}/${opIndex}/${id}`, change: kind, pool, before: states.get(id) ?? null });
      }
    });
  }
  return out;
}

const factKey = (f: LiquidityPoolUpdated): string =>
  `${f.txHash}/${f.data.operationIndex}/${f.data.poolAddress}`;
const poolFacts = (facts: readonly LedgerFact[]): LiquidityPoolUpdated[] =>
  facts.filter((f): f is LiquidityPoolUpdated => f.type === 'LiquidityPoolUpdated');

const assetOfJson = (a: unknown): string => {
  if (a === 'native') return 'native';
  const [inner] = Object.values(a as Json);
  return `${str(inner, 'asset_code')}:${str(inner, 'issuer')}`;
};

describe('LiquidityPoolUpdated: one fact per pool entry change of a successful operation', () => {
  const p26 = new Map<number, { raw: RawLedger; facts: LiquidityPoolUpdated[]; sdk: SdkPoolChange[] }>();
  let allP26Facts: LedgerFact[] = [];

  beforeAll(async () => {
    const decoded = await decodeFixture(PUBNET_P26_DIR());
    allP26Facts = decoded.flatMap((l) => l.facts);
    for (const raw of await readRawFixture(PUBNET_P26_DIR())) {
      const ledger = decoded.find((l) => l.sequence === raw.sequence);
      p26.set(raw.sequence, { raw, facts: poolFacts(ledger?.facts ?? []), sdk: sdkPoolChanges(raw.xdr) });
    }
  });

  it('20 pubnet P26 ledgers: the same pool changes as the SDK finds, ledger by ledger', () => {
    let total = 0;
    for (const { facts, sdk } of p26.values()) {
      expect(facts.map(factKey)).toEqual(sdk.map((c) => c.key));
      expect(facts.map((f) => f.data.change)).toEqual(sdk.map((c) => c.change));
      total += sdk.length;
    }
    // Measured here with the SDK walk above: path payments crossing pools; no deposit, withdrawal,
    // creation or removal in these ledgers.
    expect(total).toBe(961);
    expect(new Set(poolFacts(allP26Facts).map((f) => f.data.change))).toEqual(new Set(['updated']));
    // IDs are unique (the store keys facts by type and id).
    expect(new Set(poolFacts(allP26Facts).map((f) => f.id)).size).toBe(total);
  });

  it('the other pubnet ledgers (TxMeta v2, v3, v4) and testnet: counts equal to the SDK walk', async () => {
    const counts: Record<string, [number, number]> = {};
    for (const location of [fixture('ledger-close-meta/pubnet/misc'), fixture('ledger-close-meta/testnet')]) {
      const testnet = location.endsWith('testnet');
      const decoded = await decodeFixture(
        location,
        testnet ? { passphrase: 'Test SDF Network ; September 2015', label: 'testnet' } : {},
      );
      for (const raw of await readRawFixture(location)) {
        const facts = poolFacts(decoded.find((l) => l.sequence === raw.sequence)?.facts ?? []);
        const sdk = sdkPoolChanges(raw.xdr);
        expect(facts.map(factKey)).toEqual(sdk.map((c) => c.key));
        counts[raw.sequence] = [facts.length, sdk.length];
      }
    }
    // 53312000 is the original P21 Galexie object: TxMeta v3, whose operation metas the fast
    // reader reads through OperationMeta (v0-v3) rather than OperationMetaV2.
    expect(counts).toMatchObject({ 51000294: [40, 40], 53312000: [18, 18], 57500008: [20, 20] });
    expect(Object.values(counts).reduce((n, [f]) => n + f, 0)).toBe(78);
  });

  it('every field equals the SDK reading of the entry: id, strkey, assets, fee, reserves, shares', () => {
    const { facts, sdk } = p26.get(63092982) ?? { facts: [], sdk: [] };
    expect(facts.length).toBeGreaterThan(10);
    facts.forEach((fact, i) => {
      const change = sdk[i];
      if (change === undefined) throw new Error('missing SDK change');
      const cp = at(change.pool, ...CP);
      const assetA = Asset.fromOperation(xdr.Asset.fromJson(at(cp, 'params', 'asset_a') as 'native'));
      const assetB = Asset.fromOperation(xdr.Asset.fromJson(at(cp, 'params', 'asset_b') as 'native'));
      const fee = at(cp, 'params', 'fee') as number;
      const id = Buffer.from(getLiquidityPoolId('constant_product', { assetA, assetB, fee })).toString('hex');
      const assetString = (a: Asset) => (a.isNative() ? 'native' : `${a.getCode()}:${a.getIssuer()}`);
      expect(fact.data).toEqual({
        operationIndex: fact.data.operationIndex,
        change: 'updated',
        poolId: id,
        poolAddress: StrKey.encodeLiquidityPool(Buffer.from(id, 'hex')),
        assetA: assetString(assetA),
        assetB: assetString(assetB),
        fee,
        reserveA: str(cp, 'reserve_a'),
        reserveB: str(cp, 'reserve_b'),
        totalPoolShares: str(cp, 'total_pool_shares'),
        poolSharesTrustLineCount: str(cp, 'pool_shares_trust_line_count'),
      });
      expect(fact.data.assetA).toBe(assetOfJson(at(cp, 'params', 'asset_a')));
      expect(fact.data.assetB).toBe(assetOfJson(at(cp, 'params', 'asset_b')));
      expect(fact.data.poolAddress).toBe(change.pool.liquidity_pool_id);
      expect(fact.ledger).toBe(63092982);
      expect(BigInt(fact.id.split('-')[0] as string) >> 32n).toBe(63092982n);
      expect(fact.id.endsWith(`-${id}`)).toBe(true);
    });
  });

  it("reserves move by each pool trade's amounts from the pool's state before the operation", () => {
    const trades = allP26Facts.filter(
      (f): f is Extract<LedgerFact, { type: 'TradeExecuted' }> =>
        f.type === 'TradeExecuted' && f.data.kind === 'liquidity_pool',
    );
    const before = new Map<string, Json>();
    for (const { sdk } of p26.values()) {
      for (const c of sdk) if (c.before !== null) before.set(c.key, c.before);
    }
    const byKey = new Map(
      poolFacts(allP26Facts).map((f) => [`${f.txHash}/${f.data.operationIndex}/${f.data.poolId}`, f]),
    );
    expect(trades.length).toBe(961);
    for (const trade of trades) {
      const fact = byKey.get(`${trade.txHash}/${trade.data.operationIndex}/${trade.data.liquidityPoolId}`);
      if (fact === undefined) throw new Error(`no pool fact for trade ${trade.id}`);
      const state = before.get(factKey(fact));
      const cp = at(state, ...CP);
      const reserveOf = (asset: string, a: unknown, b: unknown): bigint =>
        BigInt((asset === fact.data.assetA ? a : b) as string);
      // The pool gave up `assetSold` and received `assetBought`.
      const sold = trade.data.assetSold;
      const bought = trade.data.assetBought;
      expect(reserveOf(sold, fact.data.reserveA, fact.data.reserveB)).toBe(
        reserveOf(sold, str(cp, 'reserve_a'), str(cp, 'reserve_b')) - BigInt(trade.data.amountSold),
      );
      expect(reserveOf(bought, fact.data.reserveA, fact.data.reserveB)).toBe(
        reserveOf(bought, str(cp, 'reserve_a'), str(cp, 'reserve_b')) + BigInt(trade.data.amountBought),
      );
      expect(fact.data.totalPoolShares).toBe(str(cp, 'total_pool_shares'));
    }
  });
});

describe('created, restored and removed pools, through the fast reader and the SDK reader', () => {
  const ctx = { network: 'pubnet', ledger: 63092982, closeTime: '2026-06-19T00:20:52.000Z' };
  let opJson: Json;
  let poolState: Json;
  let otherJson: Json[];

  beforeAll(async () => {
    const [raw] = await readRawFixture(
      fixture('ledger-close-meta/pubnet/p26-63092982-63093001/ledger-63092982.xdr.gz'),
    );
    if (raw === undefined) throw new Error('fixture ledger 63092982 is missing');
    const lcm = xdr.LedgerCloseMeta.fromXDR(raw.xdr) as unknown as {
      v2: { txProcessing: { txApplyProcessing: { v4: { operations: { changes: unknown[] }[] } } }[] };
    };
    for (const tp of lcm.v2.txProcessing) {
      for (const op of tp.txApplyProcessing.v4.operations) {
        const changes = op.changes.map((c) => (c as { toJSON(): Json }).toJSON());
        const pool = changes.find((c) => c.state !== undefined && poolJsonOf(c.state) !== null);
        const other = changes.filter((c) => poolJsonOf(Object.values(c)[0]) === null);
        if (pool !== undefined && other.length >= 2) {
          opJson = (op as unknown as { toJSON(): Json }).toJSON();
          poolState = pool.state as Json;
          otherJson = other;
          return;
        }
      }
    }
    throw new Error('no operation with a pool change and other changes in ledger 63092982');
  });

  /** The pool entry of `poolState` with other reserves, as LedgerEntry JSON. */
  const entryWith = (reserveA: string, trustLines: string): Json => {
    const entry = structuredClone(poolState);
    const cp = at(entry, 'data', 'liquidity_pool', ...CP) as Json;
    cp.reserve_a = reserveA;
    cp.pool_shares_trust_line_count = trustLines;
    return entry;
  };

  it('both readers give the same facts, and only pool changes reach the decoder on the fast path', () => {
    const poolId = str(poolState, 'data', 'liquidity_pool', 'liquidity_pool_id');
    const changes = [
      { created: entryWith('100', '1') },
      ...otherJson,
      { restored: entryWith('200', '2') },
      { state: entryWith('300', '0') },
      { removed: { liquidity_pool: { liquidity_pool_id: poolId } } },
    ];
    const schemas = {
      OperationMetaV2: { ...opJson, changes },
      OperationMeta: { changes },
    };
    for (const [type, json] of Object.entries(schemas)) {
      const sdkType = (xdr as unknown as Record<string, { fromJson(j: unknown): { toXDR(): Buffer } }>)[type];
      if (sdkType === undefined) throw new Error(`no xdr.${type}`);
      const sdkValue = sdkType.fromJson(json) as unknown as { changes: xdr.LedgerEntryChange[] };
      const schema = (sdkType as unknown as { schema: XdrSchema }).schema;
      const bytes = (sdkValue as unknown as { toXDR(): Buffer }).toXDR();
      const fast = compileReader(schema, LEDGER_READ_RULES).read(bytes) as { changes: Uint8Array[] };
      expect(sdkValue.changes.length).toBe(changes.length);
      // The fast reader keeps the pool changes only, as their exact bytes.
      const kept = fast.changes.map((raw) => xdr.LedgerEntryChange.fromXDR(raw));
      expect(kept.map((c) => c.toXDR('hex'))).toEqual(
        sdkValue.changes
          .filter((c) => !otherJson.some((o) => JSON.stringify(o) === JSON.stringify(c.toJSON())))
          .map((c) => c.toXDR('hex')),
      );
      expect(kept.map((c) => c.type)).toEqual([
        'ledgerEntryCreated',
        'ledgerEntryRestored',
        'ledgerEntryState',
        'ledgerEntryRemoved',
      ]);
      const fromSdk = liquidityPoolFactsOfOperation(ctx, 'aa', 3, 1, sdkValue.changes);
      expect(liquidityPoolFactsOfOperation(ctx, 'aa', 3, 1, fast.changes)).toEqual(fromSdk);
      expect(fromSdk.map((f) => [f.data.change, f.data.reserveA, f.data.poolSharesTrustLineCount])).toEqual([
        ['created', '100', '1'],
        ['restored', '200', '2'],
        ['removed', '300', '0'],
      ]);
      expect(fromSdk.map((f) => f.id)).toEqual(
        Array(3).fill(`${(63092982n << 32n) | (3n << 12n) | 2n}-${fromSdk[0]?.data.poolId}`),
      );
      expect(fromSdk[0]?.data.poolAddress).toBe(poolId);
    }
  });

  it("the fast reader's peek uses the SDK's enum values", () => {
    const names = (t: string) =>
      (xdr as unknown as Record<string, { schema: { nameByValue: Map<number, string> } }>)[t]?.schema
        .nameByValue;
    expect(names('LedgerEntryChangeType')?.get(2)).toBe('ledgerEntryRemoved');
    expect(names('LedgerEntryType')?.get(5)).toBe('liquidityPool');
  });

  it('a removal without the prior state is an INGEST_ERR_XDR_INVALID_VALUE naming the ledger and operation', () => {
    const poolId = str(poolState, 'data', 'liquidity_pool', 'liquidity_pool_id');
    const value = xdr.OperationMeta.fromJson({
      changes: [{ removed: { liquidity_pool: { liquidity_pool_id: poolId } } }],
    }) as unknown as { changes: xdr.LedgerEntryChange[] };
    let error: unknown;
    try {
      liquidityPoolFactsOfOperation(ctx, 'aa', 3, 1, value.changes);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'INGEST_ERR_XDR_INVALID_VALUE', details: { ledger: 63092982 } });
    expect(String((error as Error).message)).toMatch(/operation 1 of transaction aa in ledger 63092982/);
  });
});
