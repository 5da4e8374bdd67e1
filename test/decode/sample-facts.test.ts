import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  Asset,
  type FeeBumpTransaction,
  scValToNative,
  type Transaction,
  TransactionBuilder,
  xdr,
} from '@stellar/stellar-sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LedgerFact } from '../../contracts/events/index.ts';
import { decodeFixture } from '../helpers/decode-fixture.ts';
import { PUBNET, PUBNET_P26_DIR } from '../helpers/fixtures.ts';

// Field-by-field checks of single facts against the SDK's own high-level reading of the same XDR
// (TransactionBuilder.fromXDR, scValToNative, Asset): an independent path from our decoder.

type Fact<T extends LedgerFact['type']> = Extract<LedgerFact, { type: T }>;
const SEQ = 63092982;
let facts: LedgerFact[] = [];
let lcm: xdr.LedgerCloseMeta;
const envelopesByHash = new Map<string, Transaction | FeeBumpTransaction>();

const stroops = (amount: string): string => {
  const [whole, frac = ''] = amount.split('.');
  return (BigInt(whole as string) * 10_000_000n + BigInt(frac.padEnd(7, '0'))).toString();
};
const assetString = (a: Asset): string => (a.isNative() ? 'native' : `${a.getCode()}:${a.getIssuer()}`);
const first = <T extends LedgerFact['type']>(type: T, pred: (f: Fact<T>) => boolean): Fact<T> => {
  const found = facts.find((f): f is Fact<T> => f.type === type && pred(f as Fact<T>));
  if (found === undefined) throw new Error(`no ${type} matches`);
  return found;
};

beforeAll(async () => {
  facts = (await decodeFixture(path.join(PUBNET_P26_DIR(), `ledger-${SEQ}.xdr.gz`))).flatMap((l) => l.facts);
  lcm = xdr.LedgerCloseMeta.fromXDR(
    zlib.gunzipSync(fs.readFileSync(path.join(PUBNET_P26_DIR(), `ledger-${SEQ}.xdr.gz`))),
  );
  const set = (lcm as unknown as { v2: { txSet: { v1TxSet: { phases: unknown[] } } } }).v2.txSet.v1TxSet;
  for (const phase of set.phases as { type: string; [k: string]: unknown }[]) {
    const envs: xdr.TransactionEnvelope[] =
      phase.type === 'v0Components'
        ? (phase.v0Components as { txsMaybeDiscountedFee: { txs: xdr.TransactionEnvelope[] } }[]).flatMap(
            (c) => c.txsMaybeDiscountedFee.txs,
          )
        : (
            phase.parallelTxsComponent as { executionStages: xdr.TransactionEnvelope[][][] }
          ).executionStages.flat(2);
    for (const env of envs) {
      const tx = TransactionBuilder.fromXDR(env.toXDR('base64'), PUBNET);
      envelopesByHash.set(Buffer.from(tx.hash()).toString('hex'), tx);
    }
  }
});

describe('sample facts match the SDK reading of ledger 63092982', () => {
  it('LedgerClosed carries the header fields', () => {
    const closed = first('LedgerClosed', () => true);
    const header = (lcm as unknown as { v2: { ledgerHeader: xdr.LedgerHeaderHistoryEntry } }).v2.ledgerHeader;
    expect(closed.id).toBe(((BigInt(SEQ) << 32n) | 0n).toString());
    expect(closed.data).toMatchObject({
      sequence: SEQ,
      hash: Buffer.from(header.hash.toBytes()).toString('hex'),
      previousHash: Buffer.from(header.header.previousLedgerHash.toBytes()).toString('hex'),
      protocolVersion: 26,
      baseFee: 100,
      baseReserve: 5000000,
      transactionCount: 305,
      successfulTransactionCount: 157,
      failedTransactionCount: 148,
      operationCount: 791,
    });
    expect(closed.closeTime).toBe('2026-06-19T00:20:52.000Z');
  });

  it('a fee-bump transaction', () => {
    const fact = first('TransactionApplied', (t) => t.data.feeBump !== null && t.data.successful);
    const tx = envelopesByHash.get(fact.data.hash) as FeeBumpTransaction;
    expect(tx.constructor.name).toBe('FeeBumpTransaction');
    expect(fact.data.feeBump).toEqual({
      feeSource: tx.feeSource,
      maxFee: tx.fee,
      innerHash: Buffer.from(tx.innerTransaction.hash()).toString('hex'),
      innerMaxFee: tx.innerTransaction.fee,
    });
    expect(fact.data.sourceAccount).toBe(tx.innerTransaction.source);
    expect(fact.data.sequence).toBe(tx.innerTransaction.sequence);
    expect(fact.data.operationCount).toBe(tx.innerTransaction.operations.length);
    expect(fact.data.resultCode).toBe('txFeeBumpInnerSuccess');
    expect(fact.id).toBe(((BigInt(SEQ) << 32n) | (BigInt(fact.data.applicationOrder) << 12n)).toString());
  });

  it('a path payment (strict send) with its path', () => {
    const fact = first(
      'OperationApplied',
      (o) => o.data.operationType === 'pathPaymentStrictSend' && o.data.transactionSuccessful,
    );
    const tx = envelopesByHash.get(fact.txHash as string) as Transaction;
    const op = (tx.operations ??
      (tx as unknown as { innerTransaction: Transaction }).innerTransaction.operations)[
      fact.data.index
    ] as unknown as {
      sendAsset: Asset;
      sendAmount: string;
      destination: string;
      destAsset: Asset;
      destMin: string;
      path: Asset[];
    };
    expect(fact.data.body).toMatchObject({
      type: 'pathPaymentStrictSend',
      sendAsset: assetString(op.sendAsset),
      sendAmount: stroops(op.sendAmount),
      destination: op.destination,
      destAsset: assetString(op.destAsset),
      destMin: stroops(op.destMin),
      path: op.path.map(assetString),
    });
    expect(fact.data.resultCode).toBe('pathPaymentStrictSendSuccess');
  });

  it('an order-book trade and a pool trade equal their claim atoms', () => {
    for (const kind of ['orderbook', 'liquidity_pool'] as const) {
      const trade = first('TradeExecuted', (t) => t.data.kind === kind && t.data.price !== null);
      const processed = (
        lcm as unknown as { v2: { txProcessing: { result: xdr.TransactionResultPair }[] } }
      ).v2.txProcessing.find(
        (p) => Buffer.from(p.result.transactionHash.toBytes()).toString('hex') === trade.txHash,
      );
      const result = processed?.result.result.result as unknown as {
        results?: unknown[];
        innerResultPair?: { result: { result: { results: unknown[] } } };
      };
      const opResults = result.results ?? result.innerResultPair?.result.result.results ?? [];
      const tr = (
        opResults[trade.data.operationIndex] as { tr: Record<string, { success: Record<string, unknown[]> }> }
      ).tr;
      const success = Object.values(tr).find((v) => typeof v === 'object')?.success as Record<
        string,
        unknown[]
      >;
      const atoms = (success.offersClaimed ?? success.offers) as {
        orderBook?: Record<string, unknown>;
        liquidityPool?: Record<string, unknown>;
      }[];
      const atom = (atoms[trade.data.index]?.orderBook ?? atoms[trade.data.index]?.liquidityPool) as {
        assetSold: xdr.Asset;
        amountSold: bigint;
        assetBought: xdr.Asset;
        amountBought: bigint;
        offerId?: bigint;
      };
      expect(trade.data.amountSold).toBe(atom.amountSold.toString());
      expect(trade.data.amountBought).toBe(atom.amountBought.toString());
      expect(trade.data.assetSold).toBe(assetString(Asset.fromOperation(atom.assetSold)));
      expect(trade.data.assetBought).toBe(assetString(Asset.fromOperation(atom.assetBought)));
      if (kind === 'orderbook') expect(trade.data.offerId).toBe(atom.offerId?.toString());
      // The exact price, reduced: amountBought / amountSold.
      const n = BigInt(trade.data.price?.n ?? '0');
      const d = BigInt(trade.data.price?.d ?? '0');
      expect(n * atom.amountSold).toBe(d * atom.amountBought);
    }
  });

  it('a CAP-67 SAC transfer equals its contract event', () => {
    const transfer = first(
      'TokenTransferred',
      (t) => t.data.kind === 'transfer' && t.data.asset !== 'native',
    );
    const event = first('ContractEventEmitted', (e) => e.id === transfer.data.eventId);
    const raw = (
      lcm as unknown as {
        v2: {
          txProcessing: {
            result: xdr.TransactionResultPair;
            txApplyProcessing: { v4: { operations: { events: xdr.ContractEvent[] }[] } };
          }[];
        };
      }
    ).v2.txProcessing.find(
      (p) => Buffer.from(p.result.transactionHash.toBytes()).toString('hex') === transfer.txHash,
    )?.txApplyProcessing.v4.operations[event.data.operationIndex as number]?.events[
      event.data.index
    ] as xdr.ContractEvent;
    const body = (raw.body as unknown as { v0: { topics: xdr.ScVal[]; data: xdr.ScVal } }).v0;
    const [name, from, to, asset] = body.topics.map((t) => scValToNative(t));
    expect(name).toBe('transfer');
    expect(transfer.data).toMatchObject({
      from,
      to,
      asset,
      amount: String(scValToNative(body.data)),
      shape: 'cap67',
    });
    expect(transfer.data.contractId).toBe(event.data.contractId);
    expect(event.data.topics.map((t) => t.type)).toEqual(['symbol', 'address', 'address', 'string']);
  });
});

describe('a Soroswap swap event keeps topics and data losslessly', () => {
  it('decodes every topic and map entry in order', async () => {
    const all = (await decodeFixture(PUBNET_P26_DIR())).flatMap((l) => l.facts);
    const swap = all.find(
      (f): f is Fact<'ContractEventEmitted'> =>
        f.type === 'ContractEventEmitted' &&
        f.data.topics[0]?.type === 'string' &&
        'value' in f.data.topics[0] &&
        f.data.topics[0].value === 'SoroswapPair' &&
        f.data.topics[1]?.type === 'symbol' &&
        f.data.topics[1].value === 'swap',
    );
    expect(swap).toBeDefined();
    const data = swap?.data.data;
    expect(data?.type).toBe('map');
    const keys =
      data?.type === 'map'
        ? (data.value ?? []).map((e) => (e.key.type === 'symbol' ? e.key.value : '?'))
        : [];
    expect(keys).toContain('to');
    for (const entry of data?.type === 'map' ? (data.value ?? []) : []) {
      if (entry.val.type === 'i128') expect(entry.val.value).toMatch(/^-?\d+$/);
    }
    expect(swap?.data.contractId).toMatch(/^C[A-Z2-7]{55}$/);
    expect(swap?.id).toMatch(/^\d{19}-\d{10}$/);
  });
});
