import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {
  Account,
  Asset,
  getLiquidityPoolId,
  LiquidityPoolAsset,
  MuxedAccount,
  Operation,
  StrKey,
  xdr,
} from '@stellar/stellar-sdk';
import { decompress } from 'fzstd';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../contracts/errors.ts';
import type { OperationBody } from '../../contracts/operation-bodies.ts';
import { decodeOperationBody } from '../../ingest/decode/operation-body.ts';
import { muxedAccountToStrkey } from '../../ingest/decode/xdr-values/accounts.ts';
import { assetToString } from '../../ingest/decode/xdr-values/asset.ts';
import { fraction, priceToFraction } from '../../ingest/decode/xdr-values/fraction.ts';
import { fixture, PUBNET_P26_DIR } from '../helpers/fixtures.ts';

// ── Reading envelopes out of the fixtures ────────────────────────────────────────────────────────

/** Every LedgerCloseMeta in a fixture file: gzip raw LCM, Galexie zstd batch, zstd record stream, base64 lines. */
function readLedgerCloseMetas(file: string): xdr.LedgerCloseMeta[] {
  const raw = fs.readFileSync(file);
  if (file.endsWith('.txt')) {
    return raw
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => xdr.LedgerCloseMeta.fromXdr(line.trim(), 'base64'));
  }
  if (raw[0] === 0x1f && raw[1] === 0x8b) return [xdr.LedgerCloseMeta.fromXdr(zlib.gunzipSync(raw))];
  const buf = decompress(raw);
  if (xdr.LedgerCloseMetaBatch.validateXdr(buf))
    return xdr.LedgerCloseMetaBatch.fromXdr(buf).ledgerCloseMetas;
  const out: xdr.LedgerCloseMeta[] = [];
  for (let at = 0; at < buf.length; ) {
    const len = Buffer.from(buf.buffer, buf.byteOffset + at, 4).readUInt32BE() & 0x7fffffff;
    out.push(xdr.LedgerCloseMeta.fromXdr(buf.subarray(at + 4, at + 4 + len)));
    at += 4 + len;
  }
  return out;
}

/** The envelopes of a ledger's transaction set, in tx-set order. */
function envelopesOf(lcm: xdr.LedgerCloseMeta): xdr.TransactionEnvelope[] {
  if (lcm.type === 'v0') return lcm.v0.txSet.txs;
  const txSet = lcm.type === 'v1' ? lcm.v1.txSet : lcm.v2.txSet;
  const out: xdr.TransactionEnvelope[] = [];
  for (const phase of txSet.v1TxSet.phases) {
    if (phase.type === 'v0Components') {
      for (const component of phase.v0Components) out.push(...component.txsMaybeDiscountedFee.txs);
    } else {
      for (const stage of phase.parallelTxsComponent.executionStages) {
        for (const cluster of stage) out.push(...cluster);
      }
    }
  }
  return out;
}

function operationsOf(envelope: xdr.TransactionEnvelope): xdr.Operation[] {
  switch (envelope.type) {
    case 'envelopeTypeTxV0':
      return envelope.v0.tx.operations;
    case 'envelopeTypeTx':
      return envelope.v1.tx.operations;
    case 'envelopeTypeTxFeeBump':
      return envelope.feeBump.tx.innerTx.v1.tx.operations;
  }
}

interface EnvelopeSource {
  readonly label: string;
  readonly envelopes: () => Iterable<{ where: string; envelope: xdr.TransactionEnvelope }>;
}

function* lcmEnvelopes(file: string): Iterable<{ where: string; envelope: xdr.TransactionEnvelope }> {
  for (const lcm of readLedgerCloseMetas(file)) {
    const header =
      lcm.type === 'v0' ? lcm.v0.ledgerHeader : lcm.type === 'v1' ? lcm.v1.ledgerHeader : lcm.v2.ledgerHeader;
    const seq = header.header.ledgerSeq;
    let i = 0;
    for (const envelope of envelopesOf(lcm))
      yield { where: `${path.basename(file)} ledger ${seq} tx ${i++}`, envelope };
  }
}

function listFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}

function allSources(): EnvelopeSource[] {
  const lcmFiles = listFiles(fixture('ledger-close-meta'));
  const sources: EnvelopeSource[] = lcmFiles.map((file) => ({
    label: path.relative(fixture('ledger-close-meta'), file),
    envelopes: () => lcmEnvelopes(file),
  }));
  sources.push({
    label: 'rpc/getLedgers-result-testnet-848581-848582.json',
    *envelopes() {
      const result = JSON.parse(
        fs.readFileSync(fixture('rpc/getLedgers-result-testnet-848581-848582.json'), 'utf8'),
      );
      for (const ledger of result.ledgers as { sequence: number; metadataXdr: string }[]) {
        const lcm = xdr.LedgerCloseMeta.fromXdr(ledger.metadataXdr, 'base64');
        let i = 0;
        for (const envelope of envelopesOf(lcm))
          yield { where: `ledger ${ledger.sequence} tx ${i++}`, envelope };
      }
    },
  });
  sources.push({
    label: 'rpc/laboratory-getTransaction-xdrjson.json',
    *envelopes() {
      const entries = JSON.parse(
        fs.readFileSync(fixture('rpc/laboratory-getTransaction-xdrjson.json'), 'utf8'),
      );
      for (const e of entries as { name: string; response: { result: { envelopeJson: xdr.JsonValue } } }[]) {
        yield { where: e.name, envelope: xdr.TransactionEnvelope.fromJson(e.response.result.envelopeJson) };
      }
    },
  });
  sources.push({
    label: 'etl/ledger_transactions-30820015.jsonl',
    *envelopes() {
      const lines = fs
        .readFileSync(fixture('etl/ledger_transactions-30820015.jsonl'), 'utf8')
        .trim()
        .split('\n');
      for (const [i, line] of lines.entries()) {
        const row = JSON.parse(line) as { tx_envelope: string };
        yield {
          where: `line ${i + 1}`,
          envelope: xdr.TransactionEnvelope.fromXdr(row.tx_envelope, 'base64'),
        };
      }
    },
  });
  return sources;
}

// ── An independent reading: the SDK's own Operation.fromXDRObject ───────────────────────────────

const ONE = 10_000_000n;
/** Stroops as the SDK prints amounts: 7 fixed decimals. */
function sdkAmount(stroops: string): string {
  const v = BigInt(stroops);
  const sign = v < 0n ? '-' : '';
  const a = v < 0n ? -v : v;
  return `${sign}${a / ONE}.${(a % ONE).toString().padStart(7, '0')}`;
}
const sdkAsset = (a: Asset): string => (a.isNative() ? 'native' : `${a.getCode()}:${a.getIssuer()}`);

/** The fields of our body that the SDK's decoder also exposes, in the SDK's shape; null to skip. */
function sdkComparable(body: OperationBody, sdk: Record<string, unknown>): [unknown, unknown] | null {
  const s = sdk;
  const A = (key: string): string => sdkAsset(s[key] as Asset);
  const path = (key: string): string[] => (s[key] as Asset[]).map(sdkAsset);
  switch (body.type) {
    case 'createAccount':
      return [
        [body.destination, sdkAmount(body.startingBalance)],
        [s.destination, s.startingBalance],
      ];
    case 'payment':
      return [
        [body.destination, body.asset, sdkAmount(body.amount)],
        [s.destination, A('asset'), s.amount],
      ];
    case 'pathPaymentStrictReceive':
      return [
        [
          body.destination,
          body.sendAsset,
          sdkAmount(body.sendMax),
          body.destAsset,
          sdkAmount(body.destAmount),
          body.path,
        ],
        [s.destination, A('sendAsset'), s.sendMax, A('destAsset'), s.destAmount, path('path')],
      ];
    case 'pathPaymentStrictSend':
      return [
        [
          body.destination,
          body.sendAsset,
          sdkAmount(body.sendAmount),
          body.destAsset,
          sdkAmount(body.destMin),
          body.path,
        ],
        [s.destination, A('sendAsset'), s.sendAmount, A('destAsset'), s.destMin, path('path')],
      ];
    case 'manageSellOffer':
    case 'createPassiveSellOffer':
      return [
        [
          body.selling,
          body.buying,
          sdkAmount(body.amount),
          body.type === 'manageSellOffer' ? body.offerId : null,
        ],
        [A('selling'), A('buying'), s.amount, body.type === 'manageSellOffer' ? s.offerId : null],
      ];
    case 'manageBuyOffer':
      return [
        [body.selling, body.buying, sdkAmount(body.buyAmount), body.offerId],
        [A('selling'), A('buying'), s.buyAmount, s.offerId],
      ];
    case 'changeTrust': {
      const line = s.line as unknown as Asset | LiquidityPoolAsset;
      const sdkLine =
        line instanceof LiquidityPoolAsset
          ? `pool:${Buffer.from(getLiquidityPoolId('constant_product', line.getLiquidityPoolParameters())).toString('hex')}`
          : sdkAsset(line);
      return [
        [body.line, sdkAmount(body.limit)],
        [sdkLine, s.limit],
      ];
    }
    case 'allowTrust':
      return [
        [body.trustor, body.assetCode, body.authorize],
        [s.trustor, s.assetCode, s.authorize],
      ];
    case 'accountMerge':
      return [body.destination, s.destination];
    case 'manageData':
      return [
        [body.dataName, body.dataValue],
        [s.name, s.value === undefined ? null : Buffer.from(s.value as Uint8Array).toString('hex')],
      ];
    case 'bumpSequence':
      return [body.bumpTo, s.bumpTo];
    case 'createClaimableBalance':
      return [
        [body.asset, sdkAmount(body.amount), body.claimants.map((c) => c.destination)],
        [A('asset'), s.amount, (s.claimants as { destination: string }[]).map((c) => c.destination)],
      ];
    case 'claimClaimableBalance':
    case 'clawbackClaimableBalance':
      return [body.balanceId, s.balanceId];
    case 'beginSponsoringFutureReserves':
      return [body.sponsoredId, s.sponsoredId];
    case 'clawback':
      return [
        [body.from, body.asset, sdkAmount(body.amount)],
        [s.from, A('asset'), s.amount],
      ];
    case 'setTrustLineFlags':
      return [
        [body.trustor, body.asset],
        [s.trustor, A('asset')],
      ];
    case 'setOptions':
      return [
        [
          body.inflationDest ?? undefined,
          body.homeDomain ?? undefined,
          body.masterWeight ?? undefined,
          body.lowThreshold ?? undefined,
          body.medThreshold ?? undefined,
          body.highThreshold ?? undefined,
          body.setFlags ?? undefined,
          body.clearFlags ?? undefined,
          body.signer?.weight,
        ],
        [
          s.inflationDest,
          s.homeDomain,
          s.masterWeight,
          s.lowThreshold,
          s.medThreshold,
          s.highThreshold,
          s.setFlags,
          s.clearFlags,
          (s.signer as { weight?: number } | undefined)?.weight,
        ],
      ];
    case 'liquidityPoolDeposit':
      return [
        [body.liquidityPoolId, sdkAmount(body.maxAmountA), sdkAmount(body.maxAmountB)],
        [s.liquidityPoolId, s.maxAmountA, s.maxAmountB],
      ];
    case 'liquidityPoolWithdraw':
      return [
        [
          body.liquidityPoolId,
          sdkAmount(body.amount),
          sdkAmount(body.minAmountA),
          sdkAmount(body.minAmountB),
        ],
        [s.liquidityPoolId, s.amount, s.minAmountA, s.minAmountB],
      ];
    case 'extendFootprintTtl':
      return [body.extendTo, s.extendTo];
    case 'invokeHostFunction':
      return [body.authEntryCount, (s.auth as unknown[]).length];
    default:
      return null;
  }
}

/** The exact prices of an XDR operation, to compare with the decoded fractions. */
function rawPrices(body: xdr.OperationBody): xdr.Price[] {
  switch (body.type) {
    case 'manageSellOffer':
      return [body.manageSellOfferOp.price];
    case 'manageBuyOffer':
      return [body.manageBuyOfferOp.price];
    case 'createPassiveSellOffer':
      return [body.createPassiveSellOfferOp.price];
    case 'liquidityPoolDeposit':
      return [body.liquidityPoolDepositOp.minPrice, body.liquidityPoolDepositOp.maxPrice];
    default:
      return [];
  }
}
function decodedPrices(body: OperationBody): { n: string; d: string }[] {
  if (
    body.type === 'manageSellOffer' ||
    body.type === 'manageBuyOffer' ||
    body.type === 'createPassiveSellOffer'
  ) {
    return [body.price];
  }
  return body.type === 'liquidityPoolDeposit' ? [body.minPrice, body.maxPrice] : [];
}

/** True when only JSON values remain: no bigint, no byte arrays, no class instances, no undefined. */
function isPlainJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isPlainJson);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.values(v as object).every(isPlainJson);
  }
  return false;
}

const bigGcd = (a: bigint, b: bigint): bigint => (b === 0n ? (a < 0n ? -a : a) : bigGcd(b, a % b));

// ── One pass over every fixture ──────────────────────────────────────────────────────────────────

interface SourceStats {
  operations: number;
  byType: Record<string, number>;
  problems: string[];
}

const stats = new Map<string, SourceStats>();

beforeAll(() => {
  for (const source of allSources()) {
    const s: SourceStats = { operations: 0, byType: {}, problems: [] };
    stats.set(source.label, s);
    for (const { where, envelope } of source.envelopes()) {
      for (const [i, op] of operationsOf(envelope).entries()) {
        const at = `${source.label} ${where} op ${i} (${op.body.type})`;
        s.operations++;
        s.byType[op.body.type] = (s.byType[op.body.type] ?? 0) + 1;
        let body: OperationBody;
        try {
          body = decodeOperationBody(op.body);
        } catch (error) {
          s.problems.push(`${at}: threw ${String(error)}`);
          continue;
        }
        if (body.type !== op.body.type) s.problems.push(`${at}: decoded as ${body.type}`);
        if (!isPlainJson(body)) s.problems.push(`${at}: not plain JSON`);
        const json = JSON.stringify(body);
        if (JSON.stringify(JSON.parse(json)) !== json) s.problems.push(`${at}: JSON round trip differs`);
        const pair = sdkComparable(body, Operation.fromXDRObject(op) as unknown as Record<string, unknown>);
        if (pair !== null && JSON.stringify(pair[0]) !== JSON.stringify(pair[1])) {
          s.problems.push(`${at}: ours ${JSON.stringify(pair[0])} vs SDK ${JSON.stringify(pair[1])}`);
        }
        const raw = rawPrices(op.body);
        for (const [k, p] of decodedPrices(body).entries()) {
          const r = raw[k] as xdr.Price;
          const [n, d] = [BigInt(p.n), BigInt(p.d)];
          const exact = n * BigInt(r.d) === BigInt(r.n) * d && d > 0n && bigGcd(n, d) === 1n;
          if (!exact) s.problems.push(`${at}: price ${p.n}/${p.d} is not ${r.n}/${r.d} reduced`);
        }
      }
    }
  }
});

const sum = (labelPrefix: string): SourceStats => {
  const total: SourceStats = { operations: 0, byType: {}, problems: [] };
  for (const [label, s] of stats) {
    if (!label.startsWith(labelPrefix)) continue;
    total.operations += s.operations;
    total.problems.push(...s.problems);
    for (const [t, c] of Object.entries(s.byType)) total.byType[t] = (total.byType[t] ?? 0) + c;
  }
  return total;
};

describe('decodeOperationBody over every fixture', () => {
  it('covers every fixture source that holds envelopes', () => {
    const labels = [...stats.keys()];
    expect(labels.filter((l) => l.startsWith('pubnet/p26-'))).toHaveLength(20);
    for (const expected of [
      'pubnet/misc/ledger-51000294.xdr.gz',
      'pubnet/misc/ledger-57500008.xdr.gz',
      'pubnet/misc/FCD285FF--53312000.xdr.zstd',
      'pubnet/misc/ttp-example-ledgers-base64.txt',
      'synthetic/load-test-ledgers-v24.xdr.zstd',
      'synthetic/load-test-ledgers-v26.xdr.zstd',
      'testnet/FFFFFC18--999.xdr.zstd',
      'rpc/getLedgers-result-testnet-848581-848582.json',
      'rpc/laboratory-getTransaction-xdrjson.json',
      'etl/ledger_transactions-30820015.jsonl',
    ]) {
      expect(labels).toContain(expected);
    }
    for (const [label, s] of stats) expect(s.operations, label).toBeGreaterThan(0);
  });

  it('decodes every operation into plain JSON that agrees with the SDK and keeps prices exact', () => {
    const all = sum('');
    expect(all.problems.slice(0, 10)).toEqual([]);
    expect(all.operations).toBeGreaterThan(24_000);
  });

  it('counts the README operation mix over the 20 pubnet P26 ledgers', () => {
    const p26 = sum('pubnet/p26-');
    expect(p26.operations).toBe(13_645);
    expect(p26.byType).toEqual({
      payment: 3_338,
      createClaimableBalance: 3_000,
      manageSellOffer: 2_464,
      pathPaymentStrictSend: 1_946,
      manageBuyOffer: 1_451,
      pathPaymentStrictReceive: 975,
      invokeHostFunction: 332,
      changeTrust: 55,
      claimClaimableBalance: 28,
      setTrustLineFlags: 20,
      createAccount: 13,
      accountMerge: 9,
      beginSponsoringFutureReserves: 4,
      endSponsoringFutureReserves: 4,
      manageData: 4,
      setOptions: 2,
    });
  });

  it('counts the README operation mix of the older pubnet ledgers', () => {
    expect(sum('pubnet/misc/ledger-51000294').byType).toEqual({
      manageBuyOffer: 277,
      manageSellOffer: 225,
      pathPaymentStrictReceive: 167,
      pathPaymentStrictSend: 157,
      payment: 18,
      changeTrust: 13,
      allowTrust: 4,
      beginSponsoringFutureReserves: 4,
      endSponsoringFutureReserves: 4,
      setOptions: 3,
      createAccount: 2,
      clawback: 2,
      claimClaimableBalance: 1,
      invokeHostFunction: 1,
    });
    const ttp = sum('pubnet/misc/ttp-example');
    expect(ttp.operations).toBe(1_162);
    expect(ttp.byType).toMatchObject({
      manageSellOffer: 530,
      manageBuyOffer: 269,
      createClaimableBalance: 102,
    });
    expect(sum('pubnet/misc/FCD285FF').operations).toBe(234);
    expect(sum('rpc/laboratory').byType).toMatchObject({
      revokeSponsorship: 5,
      setOptions: 2,
      manageData: 1,
    });
  });
});

// ── Specific operations, field by field ─────────────────────────────────────────────────────────

describe('decodeOperationBody field by field (pubnet ledger 63092982)', () => {
  let ops: xdr.Operation[][];
  beforeAll(() => {
    const [lcm] = readLedgerCloseMetas(path.join(PUBNET_P26_DIR(), 'ledger-63092982.xdr.gz'));
    ops = envelopesOf(lcm as xdr.LedgerCloseMeta).map(operationsOf);
  });
  const opAt = (tx: number, op: number): xdr.Operation => ops[tx]?.[op] as xdr.Operation;
  const g = (k: xdr.PublicKey): string => StrKey.encodeEd25519PublicKey(k.ed25519.toBytes());

  it('decodes a credit payment', () => {
    const op = opAt(2, 0);
    if (op.body.type !== 'payment') throw new Error(`expected a payment, got ${op.body.type}`);
    const x = op.body.paymentOp;
    expect(decodeOperationBody(op.body)).toEqual({
      type: 'payment',
      destination: 'GAY45OM2IINSAA7YEKLMIKDOLPP5TSCOPEZPBMHDE2FO7CUEH4O3F3EN',
      asset: 'GOLD:GBVTUH6Z7JRWGNDXL47EQ3T2FYQY3HBKOFH7MRAVI5KB4KU25STRWLFI',
      amount: '1923077',
    });
    // The same values read straight from the XDR.
    if (x.destination.type !== 'keyTypeEd25519' || x.asset.type !== 'assetTypeCreditAlphanum4')
      throw new Error('shape');
    expect(StrKey.encodeEd25519PublicKey(x.destination.ed25519.toBytes())).toBe(
      'GAY45OM2IINSAA7YEKLMIKDOLPP5TSCOPEZPBMHDE2FO7CUEH4O3F3EN',
    );
    expect(Buffer.from(x.asset.alphaNum4.assetCode.toBytes()).toString('latin1')).toBe('GOLD');
    expect(g(x.asset.alphaNum4.issuer)).toBe('GBVTUH6Z7JRWGNDXL47EQ3T2FYQY3HBKOFH7MRAVI5KB4KU25STRWLFI');
    expect(x.amount).toBe(1_923_077n);
  });

  it('decodes a strict-send path payment with its path in order', () => {
    const op = opAt(1, 0);
    if (op.body.type !== 'pathPaymentStrictSend') throw new Error(`got ${op.body.type}`);
    const x = op.body.pathPaymentStrictSendOp;
    const body = decodeOperationBody(op.body);
    expect(body).toEqual({
      type: 'pathPaymentStrictSend',
      destination: 'GDZIQ3DABQBDTQDQB57XEHIZJVRQUHO25VYFTCH466BXTHPQV5JKL63L',
      sendAsset: 'XXA:GC4HS4CQCZULIOTGLLPGRAAMSBDLFRR6Y7HCUQG66LNQDISXKIXXADIM',
      sendAmount: '300000000',
      destAsset: 'yXLM:GARDNV3Q7YGT4AKSDF25LT32YSCCW4EV22Y2TV3I2PU2MMXJTEDL5T55',
      destMin: '3453316',
      path: ['USDC:GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN', 'native'],
    });
    expect([x.sendAmount, x.destMin]).toEqual([300_000_000n, 3_453_316n]);
    expect(x.path.map((a) => a.type)).toEqual(['assetTypeCreditAlphanum4', 'assetTypeNative']);
    // XXA is a 3-letter code: its XDR bytes carry one NUL of padding, which the string drops.
    if (x.sendAsset.type !== 'assetTypeCreditAlphanum4') throw new Error('shape');
    expect([...x.sendAsset.alphaNum4.assetCode.toBytes()]).toEqual([0x58, 0x58, 0x41, 0]);
  });

  it('decodes a manageSellOffer price as the exact XDR fraction', () => {
    const op = opAt(3, 3);
    if (op.body.type !== 'manageSellOffer') throw new Error(`got ${op.body.type}`);
    const x = op.body.manageSellOfferOp;
    expect(decodeOperationBody(op.body)).toEqual({
      type: 'manageSellOffer',
      selling: 'USDC:GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN',
      buying: 'BTC:GDPJALI4AZKUU2W426U5WKMAT6CN3AJRPIIRYR2YM54TL2GDWO5O2MZM',
      amount: '346005',
      price: { n: '1001', d: '62860275' },
      offerId: '1845435964',
    });
    expect([x.price.n, x.price.d, x.amount, x.offerId]).toEqual([1001, 62_860_275, 346_005n, 1_845_435_964n]);
  });

  it('decodes a changeTrust that removes a trust line', () => {
    const op = opAt(22, 0);
    if (op.body.type !== 'changeTrust') throw new Error(`got ${op.body.type}`);
    const line = op.body.changeTrustOp.line;
    if (line.type !== 'assetTypeCreditAlphanum12') throw new Error(`got ${line.type}`);
    expect(decodeOperationBody(op.body)).toEqual({
      type: 'changeTrust',
      line: `XRPCARD:${g(line.alphaNum12.issuer)}`,
      liquidityPool: null,
      limit: '0',
    });
    expect(g(line.alphaNum12.issuer)).toBe('GC23DKWAFJDGP2ZB6IRXRJCAM7DXIZLLXIK6I5JL3R35ZPGCDGYPL4WW');
    // 12-byte code slot: XRPCARD plus five NULs.
    expect(line.alphaNum12.assetCode.toBytes().length).toBe(12);
  });

  it('decodes a createClaimableBalance with a relative-time predicate', () => {
    const op = opAt(207, 0);
    if (op.body.type !== 'createClaimableBalance') throw new Error(`got ${op.body.type}`);
    const [first, second] = op.body.createClaimableBalanceOp.claimants;
    if (first?.v0.predicate.type !== 'claimPredicateBeforeRelativeTime') throw new Error('shape');
    expect(first.v0.predicate.relBefore).toBe(86_400n);
    expect(second?.v0.predicate.type).toBe('claimPredicateUnconditional');
    expect(decodeOperationBody(op.body)).toEqual({
      type: 'createClaimableBalance',
      asset: 'ISO20022:GDHTK7WKUOV3HPHMSY4VJRGWIGIPZAUJBR4ILG47KHMH3LCGEG665RFN',
      amount: '150520500000',
      claimants: [
        {
          destination: 'GA43P6GQEL2PVG4GWUF5HFRTGORVIHZCPJHGRM7JMFZYCXGHZXYAHOJM',
          predicate: { type: 'beforeRelativeTime', seconds: '86400' },
        },
        {
          destination: 'GC5HBIPAKK3Z3OV5XKAIHLXPZLVDI6ERAJA2RWSQEKXFOXENLGOQIZR4',
          predicate: { type: 'unconditional' },
        },
      ],
    });
  });

  it('decodes a claimClaimableBalance id as the hex of the whole ClaimableBalanceID', () => {
    const op = opAt(237, 0);
    if (op.body.type !== 'claimClaimableBalance') throw new Error(`got ${op.body.type}`);
    const hash = Buffer.from(op.body.claimClaimableBalanceOp.balanceId.v0.toBytes()).toString('hex');
    expect(decodeOperationBody(op.body)).toEqual({
      type: 'claimClaimableBalance',
      balanceId: `00000000${hash}`,
    });
  });

  it('decodes an invokeHostFunction call with its arguments as ScValJson', () => {
    const op = opAt(255, 0);
    if (op.body.type !== 'invokeHostFunction') throw new Error(`got ${op.body.type}`);
    const x = op.body.invokeHostFunctionOp;
    if (x.hostFunction.type !== 'hostFunctionTypeInvokeContract') throw new Error(x.hostFunction.type);
    const contract = x.hostFunction.invokeContract.contractAddress;
    if (contract.type !== 'scAddressTypeContract') throw new Error(contract.type);
    expect(StrKey.encodeContract(contract.contractId.toBytes())).toBe(
      'CDL74RF5BLYR2YBLCCI7F5FB6TPSCLKEJUBSD2RSVWZ4YHF3VMFAIGWA',
    );
    expect(x.hostFunction.invokeContract.functionName.toString()).toBe('plant');
    expect(x.auth).toHaveLength(1);
    expect(decodeOperationBody(op.body)).toEqual({
      type: 'invokeHostFunction',
      hostFunction: {
        kind: 'invokeContract',
        contractAddress: 'CDL74RF5BLYR2YBLCCI7F5FB6TPSCLKEJUBSD2RSVWZ4YHF3VMFAIGWA',
        functionName: 'plant',
        args: [
          { type: 'address', value: 'GARXRNCZD4KQWPLKEANBS66BVIE7RBIT4VC6NQMM5GYXM5BBM6DR6JLM' },
          { type: 'i128', value: '0' },
        ],
      },
      authEntryCount: 1,
    });
  });
});

describe('decodeOperationBody on the laboratory transaction with sponsorship ops', () => {
  it('decodes manageData, setOptions and every revokeSponsorship target', () => {
    const entries = JSON.parse(
      fs.readFileSync(fixture('rpc/laboratory-getTransaction-xdrjson.json'), 'utf8'),
    );
    const entry = (entries as { name: string; response: { result: { envelopeJson: xdr.JsonValue } } }[]).find(
      (e) => e.name === 'TX_CLASSIC_MANY_OPS',
    );
    const envelope = xdr.TransactionEnvelope.fromJson(entry?.response.result.envelopeJson ?? null);
    const ops = operationsOf(envelope);
    const bodies = ops.map((op) => decodeOperationBody(op.body));
    const manageData = bodies.find((b) => b.type === 'manageData');
    const rawData = ops.find((o) => o.body.type === 'manageData')?.body;
    if (rawData?.type !== 'manageData') throw new Error('no manageData');
    expect(manageData).toEqual({
      type: 'manageData',
      dataName: 'soneso',
      dataValue:
        rawData.manageDataOp.dataValue === null
          ? null
          : Buffer.from(rawData.manageDataOp.dataValue.toBytes()).toString('hex'),
    });
    // setOptions signers as strkeys, the same keys the SDK reads from the XDR.
    const setOptions = ops.filter((o) => o.body.type === 'setOptions');
    expect(setOptions).toHaveLength(2);
    const signerKeys = setOptions.map((op) => {
      const body = decodeOperationBody(op.body);
      if (body.type !== 'setOptions' || body.signer === null) throw new Error('expected a signer');
      expect(body.homeDomain).toBeNull();
      return body.signer.key;
    });
    const sdkSigners = setOptions.map(
      (op) =>
        (
          Operation.fromXDRObject(op) as unknown as {
            signer: { sha256Hash?: Uint8Array; ed25519PublicKey?: string };
          }
        ).signer,
    );
    expect(signerKeys).toEqual([
      StrKey.encodeSha256Hash(sdkSigners[0]?.sha256Hash as Uint8Array),
      sdkSigners[1]?.ed25519PublicKey,
    ]);
    expect(signerKeys[0]).toMatch(/^X/);
    // Every revokeSponsorship agrees with what the SDK reads from the same XDR.
    const revokes = ops.filter((o) => o.body.type === 'revokeSponsorship');
    expect(revokes).toHaveLength(5);
    for (const op of revokes) {
      const body = decodeOperationBody(op.body);
      if (body.type !== 'revokeSponsorship') throw new Error(body.type);
      const sdk = Operation.fromXDRObject(op) as unknown as Record<string, string>;
      const t = body.target;
      if (t.type === 'signer') {
        expect(sdk.type).toBe('revokeSignerSponsorship');
        expect(t.accountId).toBe(sdk.account);
        continue;
      }
      const k = t.ledgerKey;
      switch (k.type) {
        case 'account':
          expect([sdk.type, k.accountId]).toEqual(['revokeAccountSponsorship', sdk.account]);
          break;
        case 'trustline':
          expect([sdk.type, k.accountId]).toEqual(['revokeTrustlineSponsorship', sdk.account]);
          break;
        case 'offer':
          expect([sdk.type, k.sellerId, k.offerId]).toEqual([
            'revokeOfferSponsorship',
            sdk.seller,
            sdk.offerId,
          ]);
          break;
        case 'data':
          expect([sdk.type, k.accountId, k.dataName]).toEqual([
            'revokeDataSponsorship',
            sdk.account,
            sdk.name,
          ]);
          break;
        case 'claimableBalance':
          expect([sdk.type, k.balanceId]).toEqual(['revokeClaimableBalanceSponsorship', sdk.balanceId]);
          break;
        default:
          throw new Error(`unexpected ledger key ${k.type}`);
      }
    }
  });
});

// ── Every operation type, built as XDR JSON (the shapes the fixtures lack) ───────────────────────

const G1 = 'GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN';
const G2 = 'GDZIQ3DABQBDTQDQB57XEHIZJVRQUHO25VYFTCH466BXTHPQV5JKL63L';
const POOL = 'dd7b1ab831c273310ddbec6f97870aa83c2fbd78ce22aded37ecbf4f3380fac7';
const USDC = { credit_alphanum4: { asset_code: 'USDC', issuer: G1 } };
const BALANCE_HASH = '11'.repeat(32);

/** Builds the body from XDR-JSON, goes through binary XDR, and decodes it. */
const decodeJson = (json: xdr.JsonValue): OperationBody =>
  decodeOperationBody(xdr.OperationBody.fromXdr(xdr.OperationBody.fromJson(json).toXdr()));

describe('decodeOperationBody for every operation type', () => {
  const cases: [string, xdr.JsonValue, OperationBody][] = [
    ['inflation', 'inflation', { type: 'inflation' }],
    [
      'endSponsoringFutureReserves',
      'end_sponsoring_future_reserves',
      { type: 'endSponsoringFutureReserves' },
    ],
    [
      'bumpSequence',
      { bump_sequence: { bump_to: '9223372036854775807' } },
      { type: 'bumpSequence', bumpTo: '9223372036854775807' },
    ],
    [
      'createPassiveSellOffer',
      {
        create_passive_sell_offer: {
          selling: USDC,
          buying: 'native',
          amount: '10000000',
          price: { n: 6, d: 4 },
        },
      },
      {
        type: 'createPassiveSellOffer',
        selling: `USDC:${G1}`,
        buying: 'native',
        amount: '10000000',
        price: { n: '3', d: '2' },
      },
    ],
    [
      'allowTrust with a 12-character code',
      { allow_trust: { trustor: G2, asset: 'LONGCODE', authorize: 2 } },
      { type: 'allowTrust', trustor: G2, assetCode: 'LONGCODE', authorize: 2 },
    ],
    [
      'changeTrust for pool shares',
      {
        change_trust: {
          line: {
            pool_share: { liquidity_pool_constant_product: { asset_a: 'native', asset_b: USDC, fee: 30 } },
          },
          limit: '9223372036854775807',
        },
      },
      {
        type: 'changeTrust',
        line: `pool:${Buffer.from(getLiquidityPoolId('constant_product', { assetA: Asset.native(), assetB: new Asset('USDC', G1), fee: 30 })).toString('hex')}`,
        liquidityPool: { assetA: 'native', assetB: `USDC:${G1}`, fee: 30 },
        limit: '9223372036854775807',
      },
    ],
    [
      'setOptions with every field',
      {
        set_options: {
          inflation_dest: G2,
          clear_flags: 1,
          set_flags: 10,
          master_weight: 5,
          low_threshold: 1,
          med_threshold: 2,
          high_threshold: 3,
          home_domain: 'example.com',
          signer: { key: StrKey.encodeSha256Hash(Buffer.alloc(32, 3)), weight: 2 },
        },
      },
      {
        type: 'setOptions',
        inflationDest: G2,
        clearFlags: 1,
        setFlags: 10,
        masterWeight: 5,
        lowThreshold: 1,
        medThreshold: 2,
        highThreshold: 3,
        homeDomain: 'example.com',
        signer: { key: StrKey.encodeSha256Hash(Buffer.alloc(32, 3)), weight: 2 },
      },
    ],
    [
      'setOptions with nothing set',
      {
        set_options: {
          inflation_dest: null,
          clear_flags: null,
          set_flags: null,
          master_weight: null,
          low_threshold: null,
          med_threshold: null,
          high_threshold: null,
          home_domain: null,
          signer: null,
        },
      },
      {
        type: 'setOptions',
        inflationDest: null,
        clearFlags: null,
        setFlags: null,
        masterWeight: null,
        lowThreshold: null,
        medThreshold: null,
        highThreshold: null,
        homeDomain: null,
        signer: null,
      },
    ],
    [
      'manageData deleting an entry',
      { manage_data: { data_name: 'config', data_value: null } },
      { type: 'manageData', dataName: 'config', dataValue: null },
    ],
    [
      'createClaimableBalance with a nested predicate',
      {
        create_claimable_balance: {
          asset: USDC,
          amount: '10000000',
          claimants: [
            {
              claimant_type_v0: {
                destination: G2,
                predicate: {
                  and: [
                    { before_absolute_time: '1700000000' },
                    { not: { or: [{ before_relative_time: '60' }, 'unconditional'] } },
                  ],
                },
              },
            },
          ],
        },
      },
      {
        type: 'createClaimableBalance',
        asset: `USDC:${G1}`,
        amount: '10000000',
        claimants: [
          {
            destination: G2,
            predicate: {
              type: 'and',
              predicates: [
                { type: 'beforeAbsoluteTime', time: '1700000000' },
                {
                  type: 'not',
                  predicate: {
                    type: 'or',
                    predicates: [{ type: 'beforeRelativeTime', seconds: '60' }, { type: 'unconditional' }],
                  },
                },
              ],
            },
          },
        ],
      },
    ],
    [
      'clawbackClaimableBalance',
      {
        clawback_claimable_balance: {
          balance_id: StrKey.encodeClaimableBalance(Buffer.from(`00${BALANCE_HASH}`, 'hex')),
        },
      },
      { type: 'clawbackClaimableBalance', balanceId: `00000000${BALANCE_HASH}` },
    ],
    [
      'clawback',
      { clawback: { asset: USDC, from: G2, amount: '5' } },
      { type: 'clawback', from: G2, asset: `USDC:${G1}`, amount: '5' },
    ],
    [
      'liquidityPoolDeposit',
      {
        liquidity_pool_deposit: {
          liquidity_pool_id: StrKey.encodeLiquidityPool(Buffer.from(POOL, 'hex')),
          max_amount_a: '100000000',
          max_amount_b: '200000000',
          min_price: { n: 9, d: 20 },
          max_price: { n: 11, d: 20 },
        },
      },
      {
        type: 'liquidityPoolDeposit',
        liquidityPoolId: POOL,
        maxAmountA: '100000000',
        maxAmountB: '200000000',
        minPrice: { n: '9', d: '20' },
        maxPrice: { n: '11', d: '20' },
      },
    ],
    [
      'liquidityPoolWithdraw',
      {
        liquidity_pool_withdraw: {
          liquidity_pool_id: StrKey.encodeLiquidityPool(Buffer.from(POOL, 'hex')),
          amount: '10000000',
          min_amount_a: '5000000',
          min_amount_b: '2500000',
        },
      },
      {
        type: 'liquidityPoolWithdraw',
        liquidityPoolId: POOL,
        amount: '10000000',
        minAmountA: '5000000',
        minAmountB: '2500000',
      },
    ],
    [
      'revokeSponsorship of a signer',
      {
        revoke_sponsorship: {
          signer: { account_id: G1, signer_key: StrKey.encodePreAuthTx(Buffer.alloc(32, 2)) },
        },
      },
      {
        type: 'revokeSponsorship',
        target: { type: 'signer', accountId: G1, signerKey: StrKey.encodePreAuthTx(Buffer.alloc(32, 2)) },
      },
    ],
    [
      'revokeSponsorship of a pool-share trust line',
      {
        revoke_sponsorship: {
          ledger_entry: {
            trustline: {
              account_id: G1,
              asset: { pool_share: StrKey.encodeLiquidityPool(Buffer.from(POOL, 'hex')) },
            },
          },
        },
      },
      {
        type: 'revokeSponsorship',
        target: {
          type: 'ledgerEntry',
          ledgerKey: { type: 'trustline', accountId: G1, asset: `pool:${POOL}` },
        },
      },
    ],
    [
      'revokeSponsorship of a liquidity pool',
      {
        revoke_sponsorship: {
          ledger_entry: {
            liquidity_pool: { liquidity_pool_id: StrKey.encodeLiquidityPool(Buffer.from(POOL, 'hex')) },
          },
        },
      },
      {
        type: 'revokeSponsorship',
        target: { type: 'ledgerEntry', ledgerKey: { type: 'liquidityPool', liquidityPoolId: POOL } },
      },
    ],
    [
      'invokeHostFunction uploading wasm',
      { invoke_host_function: { host_function: { upload_contract_wasm: '0061736d01000000' }, auth: [] } },
      {
        type: 'invokeHostFunction',
        hostFunction: {
          kind: 'uploadContractWasm',
          // sha256 of the 8 bytes 00 61 73 6d 01 00 00 00 (an empty wasm module).
          wasmHash: '93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476',
          wasmSize: 8,
        },
        authEntryCount: 0,
      },
    ],
    [
      'invokeHostFunction creating an asset contract',
      {
        invoke_host_function: {
          host_function: {
            create_contract: { contract_id_preimage: { asset: USDC }, executable: 'stellar_asset' },
          },
          auth: [],
        },
      },
      {
        type: 'invokeHostFunction',
        hostFunction: {
          kind: 'createContract',
          executable: { type: 'stellarAsset' },
          deployer: { type: 'asset', asset: `USDC:${G1}` },
        },
        authEntryCount: 0,
      },
    ],
    [
      'invokeHostFunction creating a wasm contract with constructor args',
      {
        invoke_host_function: {
          host_function: {
            create_contract_v2: {
              contract_id_preimage: { address: { address: G1, salt: '01'.repeat(32) } },
              executable: { wasm: '07'.repeat(32) },
              constructor_args: [{ u32: 5 }, { symbol: 'init' }],
            },
          },
          auth: [],
        },
      },
      {
        type: 'invokeHostFunction',
        hostFunction: {
          kind: 'createContractV2',
          executable: { type: 'wasm', wasmHash: '07'.repeat(32) },
          deployer: { type: 'address', address: G1, salt: '01'.repeat(32) },
          constructorArgs: [
            { type: 'u32', value: 5 },
            { type: 'symbol', value: 'init' },
          ],
        },
        authEntryCount: 0,
      },
    ],
    [
      'extendFootprintTtl',
      { extend_footprint_ttl: { ext: 'v0', extend_to: 1000 } },
      { type: 'extendFootprintTtl', extendTo: 1000 },
    ],
    ['restoreFootprint', { restore_footprint: { ext: 'v0' } }, { type: 'restoreFootprint' }],
  ];

  for (const [name, json, expected] of cases) {
    it(`decodes ${name}`, () => {
      const body = decodeJson(json);
      expect(body).toEqual(expected);
      expect(isPlainJson(body)).toBe(true);
    });
  }

  it('decodes a payment to a muxed account as an M… strkey', () => {
    const muxed = new MuxedAccount(new Account(G1, '0'), '12345');
    const body = decodeOperationBody(
      xdr.OperationBody.payment(
        new xdr.PaymentOp({
          destination: xdr.MuxedAccount.keyTypeMuxedEd25519(
            new xdr.MuxedAccountMed25519({
              id: 12345n,
              ed25519: new xdr.Uint256Bytes(StrKey.decodeEd25519PublicKey(G1)),
            }),
          ),
          asset: xdr.Asset.assetTypeNative(),
          amount: 5n,
        }),
      ),
    );
    expect(body).toEqual({ type: 'payment', destination: muxed.accountId(), asset: 'native', amount: '5' });
    expect(muxed.accountId()).toMatch(/^M/);
  });

  it('covers all 27 operation types of the SDK', () => {
    const names: string[] = [];
    for (let v = 0; ; v++) {
      try {
        names.push(xdr.OperationType.fromValue(v).name);
      } catch {
        break;
      }
    }
    expect(names).toHaveLength(27);
    const covered = new Set<string>([...cases.map(([, , e]) => e.type), 'payment']);
    for (const [, s] of stats) for (const t of Object.keys(s.byType)) covered.add(t);
    expect([...covered].sort()).toEqual([...names].sort());
  });

  it('refuses an operation type it does not know, naming it and the SDK to upgrade', () => {
    const future = { type: 'mintUnicorns' } as unknown as xdr.OperationBody;
    let caught: unknown;
    try {
      decodeOperationBody(future);
    } catch (error) {
      caught = error;
    }
    expect(hasErrorCode(caught, 'INGEST_ERR_XDR_UNSUPPORTED')).toBe(true);
    expect(String((caught as Error).message)).toMatch(/mintUnicorns.*@stellar\/stellar-sdk/);
  });
});

// ── The small helpers ────────────────────────────────────────────────────────────────────────────

describe('xdr-values helpers', () => {
  it('reduces fractions by their gcd with a positive denominator', () => {
    expect(fraction(6n, -4n)).toEqual({ n: '-3', d: '2' });
    expect(fraction(0n, 7n)).toEqual({ n: '0', d: '1' });
    expect(fraction(2n ** 70n, 2n ** 68n * 3n)).toEqual({ n: '4', d: '3' });
    expect(priceToFraction(new xdr.Price({ n: 2_147_483_647, d: 1 }))).toEqual({ n: '2147483647', d: '1' });
  });

  it('refuses a zero denominator with INGEST_ERR_XDR_INVALID_VALUE', () => {
    expect(() => fraction(5n, 0n)).toThrow(/zero denominator/);
    try {
      fraction(5n, 0n);
    } catch (error) {
      expect(hasErrorCode(error, 'INGEST_ERR_XDR_INVALID_VALUE')).toBe(true);
    }
  });

  it('strips the NUL padding of 4- and 12-byte asset codes', () => {
    const issuer = xdr.PublicKey.publicKeyTypeEd25519(
      new xdr.Uint256Bytes(StrKey.decodeEd25519PublicKey(G1)),
    );
    const four = xdr.Asset.assetTypeCreditAlphanum4(
      new xdr.AlphaNum4({ assetCode: new xdr.AssetCode4('AB'), issuer }),
    );
    const twelve = xdr.Asset.assetTypeCreditAlphanum12(
      new xdr.AlphaNum12({ assetCode: new xdr.AssetCode12('ABCDE'), issuer }),
    );
    expect(assetToString(four)).toBe(`AB:${G1}`);
    expect(assetToString(twelve)).toBe(`ABCDE:${G1}`);
    expect(
      assetToString(xdr.TrustLineAsset.assetTypePoolShare(new xdr.PoolId(Buffer.from(POOL, 'hex')))),
    ).toBe(`pool:${POOL}`);
  });

  it('encodes plain accounts as G… and muxed accounts as M… like the SDK', () => {
    const plain = xdr.MuxedAccount.keyTypeEd25519(new xdr.Uint256Bytes(StrKey.decodeEd25519PublicKey(G2)));
    expect(muxedAccountToStrkey(plain)).toBe(G2);
    const big = new MuxedAccount(new Account(G2, '0'), '18446744073709551615');
    expect(muxedAccountToStrkey(xdr.MuxedAccount.fromXdr(big.toXDRObject().toXdr()))).toBe(big.accountId());
  });
});
