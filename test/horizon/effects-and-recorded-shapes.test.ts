import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../contracts/errors.ts';
import type { EffectRecorded } from '../../contracts/events/effect-recorded.ts';
import { ledgerId, parseToid } from '../../contracts/ids.ts';
import { networkId } from '../../ingest/decode/transaction-hash.ts';
import { parseJsonLossless } from '../../ingest/horizon/lossless-json.ts';
import { createRecordMapper } from '../../ingest/horizon/map-record.ts';
import { type PagingToken, parsePagingToken } from '../../ingest/horizon/paging-token.ts';
import { fixture, PUBNET } from '../helpers/fixtures.ts';
import {
  type HorizonRow,
  type ReplayHorizonServer,
  startReplayHorizonServer,
} from '../helpers/replay-horizon/replay-horizon-server.ts';
import { storedFacts, tempDir } from '../rpc-events/helpers.ts';
import { runHorizon } from './helpers.ts';

interface EtlEffect {
  address: string;
  address_muxed: string | null;
  closed_at: string;
  details: Record<string, unknown>;
  id: string;
  index: number;
  ledger_sequence: number;
  type: number;
  type_string: string;
}

/** stellar-etl's golden effects (from Horizon's effects processor), reshaped as Horizon effect records. */
function etlEffects(): { etl: EtlEffect[]; rows: HorizonRow[] } {
  const etl = fs
    .readFileSync(fixture('etl/effects-30822015-30822025.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => parseJsonLossless(l) as EtlEffect);
  const rows = etl.map((e) => {
    const operation = e.id.split('-')[0] as string;
    // stellar-etl numbers effects from 0; Horizon's paging tokens number them from 1.
    const order = e.index + 1;
    return {
      id: `${operation.padStart(19, '0')}-${String(order).padStart(10, '0')}`,
      paging_token: `${operation}-${order}`,
      account: e.address,
      type: e.type_string,
      type_i: e.type,
      created_at: e.closed_at,
      ...e.details,
    };
  });
  return { etl, rows };
}

const { etl, rows } = etlEffects();
let server: ReplayHorizonServer;

beforeAll(async () => {
  server = await startReplayHorizonServer({
    networkPassphrase: PUBNET,
    collections: { effects: rows },
    elderLedger: 30822015,
    latestLedger: 30822025,
  });
});
afterAll(() => server?.close());

const sortedTokens = rows
  .map((r) => parsePagingToken(r.paging_token) as PagingToken)
  .sort((a, b) => (a.toid === b.toid ? (a.index ?? 0) - (b.index ?? 0) : a.toid < b.toid ? -1 : 1));

describe('Horizon effects and recorded record shapes', () => {
  it('streams 148 real effects into EffectRecorded facts with the paging token as id', async () => {
    const file = path.join(tempDir('horizon-effects'), 'events.db');
    await runHorizon(file, server.url, 'effects', {
      cursor: ledgerId(30822015),
      untilCursor: sortedTokens.at(-1)?.text,
      resolveTxHashes: false,
    });
    const { facts, duplicates } = await storedFacts(file);
    expect(duplicates).toEqual([]);
    expect(facts.size).toBe(148);
    for (const e of etl) {
      const operation = e.id.split('-')[0] as string;
      const fact = facts.get(`EffectRecorded/${operation}-${e.index + 1}`) as EffectRecorded;
      expect(fact.ledger).toBe(e.ledger_sequence);
      expect(parseToid(BigInt(fact.data.operationId)).ledger).toBe(e.ledger_sequence);
      expect(fact.closeTime).toBe(new Date(e.closed_at).toISOString());
      expect(fact.data).toEqual({
        effectType: e.type_string,
        effectTypeId: e.type,
        account: e.address,
        accountMuxed: null,
        operationId: operation,
        index: e.index + 1,
        details: e.details,
      });
    }
  });

  it('maps the recorded order-book trades and refuses hand-edited records with a typed error naming the field', async () => {
    const responses = JSON.parse(
      fs.readFileSync(fixture('horizon/js-sdk-embedded-horizon-responses.json'), 'utf8'),
    ) as {
      variable: string;
      response: { _embedded?: { records?: Record<string, unknown>[] } };
    }[];
    const byToken = new Map<string, Record<string, unknown>>();
    for (const r of responses) {
      if (!r.variable.toLowerCase().includes('trades')) continue;
      for (const rec of r.response._embedded?.records ?? [])
        byToken.set(`${r.variable}:${String(rec.paging_token)}:${String(rec.trade_type)}`, rec);
    }
    const map = createRecordMapper(
      { source: 'horizon:recorded', endpoint: 'trades', network: 'pubnet', networkId: networkId(PUBNET) },
      null,
    );
    const outcomes = await Promise.all(
      [...byToken.values()].map(async (record) => {
        try {
          const fact = await map({
            token: parsePagingToken(String(record.paging_token)) as PagingToken,
            record,
          });
          return { fact, error: null };
        } catch (error) {
          if (!hasErrorCode(error)) throw error;
          return { fact: null, error };
        }
      }),
    );
    const ok = outcomes.flatMap((o) => (o.fact === null ? [] : [o.fact]));
    const refused = outcomes.flatMap((o) => (o.error === null ? [] : [o.error]));
    expect(ok.find((f) => f.id === '64199539053039617-0')?.data).toEqual({
      operationIndex: parseToid(64199539053039617n).opIndex - 1,
      index: 0,
      kind: 'orderbook',
      buyer: 'GC6APVH2HCFB7QLSTG3U55IYSW7ZRNSCTOZZYZJCNHWX2FONCNJNULYN',
      seller: 'GB7JKG66CJN3ACX5DX43FOZTTSOI7GZUP547I3BSXIJVUX3NRYUXHE6W',
      offerId: '278232',
      liquidityPoolId: null,
      assetSold: 'native',
      amountSold: '12692134875',
      assetBought: 'JPY:GBVAOIACNSB7OVUXJYC5UE2D4YK2F7A24T7EE5YOMN4CE6GCHUTOUQXM',
      amountBought: '196375167985',
      price: { n: '39275033597', d: '2538426975' }, // 196375167985/12692134875 reduced
    });
    const flipped = ok.find((f) => f.id === '64199676491993090-0');
    expect(flipped?.data).toMatchObject({
      seller: 'GDBXANSAUQ5WBFSA6LFQXR5PYVYAQ3T4KI4LHZ3YAAEFI3BS2Z3SFRVG',
      assetSold: expect.stringMatching(/^ETH:/),
    });
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) {
      expect(error.code).toBe('INGEST_ERR_HORIZON_RECORD');
      expect(typeof error.details.field).toBe('string');
      expect(error.details.cursor).toMatch(/^\d+-\d+$/);
    }
  });

  it('refuses a recorded effect page with repeated paging tokens (INGEST_ERR_HORIZON_ORDER) instead of storing a duplicate', async () => {
    const responses = JSON.parse(
      fs.readFileSync(fixture('horizon/js-sdk-embedded-horizon-responses.json'), 'utf8'),
    ) as {
      variable: string;
      response: { _embedded?: { records?: HorizonRow[] } };
    }[];
    const pool =
      responses.find((r) => r.variable === 'poolEffectsResponse')?.response._embedded?.records ?? [];
    const tokens = pool.map((r) => r.paging_token);
    expect(new Set(tokens).size).toBeLessThan(tokens.length);
    const replay = await startReplayHorizonServer({
      networkPassphrase: PUBNET,
      collections: { effects: pool },
      elderLedger: 1,
      latestLedger: 10,
    });
    try {
      const file = path.join(tempDir('horizon-pool-effects'), 'events.db');
      const error = await runHorizon(file, replay.url, 'effects', {
        cursor: '12884905984',
        resolveTxHashes: false,
      }).catch((e: unknown) => e);
      expect(hasErrorCode(error, 'INGEST_ERR_HORIZON_ORDER')).toBe(true);
      if (hasErrorCode(error))
        expect(error.details).toMatchObject({ endpoint: 'effects', pagingToken: '12884905986-2' });
      const { facts } = await storedFacts(file);
      expect([...facts.keys()]).toEqual(['EffectRecorded/12884905986-2']);
    } finally {
      await replay.close();
    }
  });
});
