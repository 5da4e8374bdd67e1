import { describe, expect, it } from 'vitest';
import type { LedgerFact } from '../../contracts/events/index.ts';
import { countBy, decodeFixture } from '../helpers/decode-fixture.ts';
import { fixture, PUBNET_P26_DIR, TESTNET } from '../helpers/fixtures.ts';

const facts = (ledgers: { facts: readonly LedgerFact[] }[]): LedgerFact[] => ledgers.flatMap((l) => l.facts);
const ofType = <T extends LedgerFact['type']>(all: LedgerFact[], type: T) =>
  all.filter((f): f is Extract<LedgerFact, { type: T }> => f.type === type);

function summary(all: LedgerFact[]) {
  const closed = ofType(all, 'LedgerClosed');
  const txs = ofType(all, 'TransactionApplied');
  const events = ofType(all, 'ContractEventEmitted');
  return {
    ledgers: closed.length,
    txs: txs.length,
    ok: txs.filter((t) => t.data.successful).length,
    failed: txs.filter((t) => !t.data.successful).length,
    feeBumps: txs.filter((t) => t.data.feeBump !== null).length,
    ops: ofType(all, 'OperationApplied').length,
    opEvents: events.filter((e) => e.data.operationIndex !== null).length,
    txEvents: events.filter((e) => e.data.operationIndex === null).length,
  };
}

// Expected figures are the measured counts in ../shared/fixtures/README.md.
describe('every fixture ledger decodes to the counts the fixture README measured', () => {
  it('20 consecutive pubnet P26 ledgers', async () => {
    const ledgers = await decodeFixture(PUBNET_P26_DIR());
    expect(ledgers.map((l) => l.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => 63092982 + i));
    const all = facts(ledgers);
    expect(summary(all)).toEqual({
      ledgers: 20,
      txs: 5188,
      ok: 2591,
      failed: 2597,
      feeBumps: 598,
      ops: 13645,
      opEvents: 7440,
      txEvents: 5520,
    });
    const ops = countBy(ofType(all, 'OperationApplied'), (o) => o.data.operationType);
    expect(ops).toMatchObject({
      payment: 3338,
      createClaimableBalance: 3000,
      manageSellOffer: 2464,
      pathPaymentStrictSend: 1946,
      manageBuyOffer: 1451,
      pathPaymentStrictReceive: 975,
      invokeHostFunction: 332,
      changeTrust: 55,
      claimClaimableBalance: 28,
      setTrustLineFlags: 20,
      createAccount: 13,
      accountMerge: 9,
    });
    // Only trades of successful transactions: 549 order-book and 961 pool atoms.
    expect(countBy(ofType(all, 'TradeExecuted'), (t) => t.data.kind)).toEqual({
      orderbook: 549,
      liquidity_pool: 961,
    });
    const topics = countBy(
      ofType(all, 'ContractEventEmitted').filter((e) => e.data.operationIndex !== null),
      (e) => {
        const t = e.data.topics[0];
        return t && 'value' in t ? `${t.type}:${String(t.value)}` : undefined;
      },
    );
    expect(topics).toMatchObject({
      'symbol:transfer': 7189,
      'symbol:mint': 143,
      'symbol:set_authorized': 20,
      'symbol:burn': 12,
      'string:swap': 8,
      'string:SoroswapPair': 4,
    });
    const transfers = ofType(all, 'TokenTransferred');
    expect(countBy(transfers, (t) => t.data.kind)).toEqual({
      fee: 5520,
      transfer: 7189,
      mint: 143,
      burn: 12,
    });
    expect(
      countBy(
        transfers.filter((t) => t.data.kind === 'transfer'),
        (t) => t.data.shape,
      ),
    ).toEqual({
      cap67: 7187,
      sep41: 2,
    });
    // One fee charge per transaction plus one refund per Soroban transaction.
    const fees = transfers.filter((t) => t.data.kind === 'fee');
    expect(fees.filter((f) => !f.data.amount.startsWith('-')).length).toBeGreaterThanOrEqual(5188);
  });

  it('pubnet P20 and P22 ledgers: LCM v1 with TxMeta v4', async () => {
    const p20 = summary(
      facts(await decodeFixture(fixture('ledger-close-meta/pubnet/misc/ledger-51000294.xdr.gz'))),
    );
    expect(p20).toEqual({
      ledgers: 1,
      txs: 541,
      ok: 223,
      failed: 318,
      feeBumps: 4,
      ops: 878,
      opEvents: 430,
      txEvents: 542,
    });
    const p22 = summary(
      facts(await decodeFixture(fixture('ledger-close-meta/pubnet/misc/ledger-57500008.xdr.gz'))),
    );
    expect(p22).toEqual({
      ledgers: 1,
      txs: 264,
      ok: 171,
      failed: 93,
      feeBumps: 57,
      ops: 444,
      opEvents: 189,
      txEvents: 312,
    });
  });

  it('the real Galexie object of pubnet ledger 53312000 (P21, TxMeta v3, no contract events)', async () => {
    const ledgers = await decodeFixture(fixture('ledger-close-meta/pubnet/misc/FCD285FF--53312000.xdr.zstd'));
    expect(summary(facts(ledgers))).toEqual({
      ledgers: 1,
      txs: 163,
      ok: 101,
      failed: 62,
      feeBumps: 3,
      ops: 234,
      opEvents: 0,
      txEvents: 0,
    });
  });

  it('five LCM v0 ledgers from protocol 2 to 19 (base64 lines)', async () => {
    const ledgers = await decodeFixture(
      fixture('ledger-close-meta/pubnet/misc/ttp-example-ledgers-base64.txt'),
    );
    expect(ledgers.map((l) => l.sequence)).toEqual([6154623, 16154623, 26154623, 36154623, 46154623]);
    const s = summary(facts(ledgers));
    expect(s).toMatchObject({
      ledgers: 5,
      txs: 423,
      ok: 319,
      failed: 104,
      ops: 1162,
      opEvents: 0,
      txEvents: 0,
    });
  });

  it('three testnet Galexie objects need the testnet passphrase', async () => {
    const ledgers = await decodeFixture(fixture('ledger-close-meta/testnet'), {
      passphrase: TESTNET,
      label: 'testnet',
    });
    expect(ledgers.map((l) => [l.sequence, l.transactionCount, l.operationCount])).toEqual([
      [997, 7, 10],
      [998, 7, 14],
      [999, 3, 7],
    ]);
  });

  it('synthetic v24 load-test ledgers decode with the network check skipped', async () => {
    const ledgers = await decodeFixture(
      fixture('ledger-close-meta/synthetic/load-test-ledgers-v24.xdr.zstd'),
      {
        skipNetworkCheck: true,
      },
    );
    // The fixture README says 62, 64, 66; the headers in the file say 62, 63, 66 (checked with the SDK).
    expect(ledgers.map((l) => l.sequence)).toEqual([62, 63, 66]);
    const all = facts(ledgers);
    expect(summary(all).txs).toBe(200);
    const transfers = ofType(all, 'ContractEventEmitted').filter(
      (e) => e.data.topics[0]?.type === 'symbol' && e.data.topics[0].value === 'transfer',
    );
    expect(transfers.length).toBe(2000);
  });
});
