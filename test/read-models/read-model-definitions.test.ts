import { StrKey } from '@stellar/stellar-sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../contracts/errors.ts';
import type { StoredEvent } from '../../contracts/event-store.ts';
import { LEDGER_FACT_TYPES } from '../../contracts/events/index.ts';
import { accountActivityProjection } from '../../projections/read-models/account-activity.ts';
import { ALL_PROJECTIONS, READ_MODEL_ERROR_CODES } from '../../projections/read-models/index.ts';
import { compareAssets, exactPrice, normalizePair } from '../../projections/read-models/pair.ts';
import { paymentsProjection } from '../../projections/read-models/payments.ts';
import { tradesProjection } from '../../projections/read-models/trades.ts';
import { shuffled } from './helpers/harness.ts';
import { loadFixtureEvents } from './helpers/stored-events.ts';

let events: readonly StoredEvent[];

beforeAll(async () => {
  events = (await loadFixtureEvents()).events;
});

const withPayload = (event: StoredEvent, change: (payload: Record<string, unknown>) => void): StoredEvent => {
  const payload = structuredClone(event.payload) as Record<string, unknown>;
  change(payload);
  return { ...event, payload };
};

const codeOf = (fn: () => unknown): string | null => {
  try {
    fn();
    return null;
  } catch (error) {
    return hasErrorCode(error) ? error.code : 'not an IndexerError';
  }
};

describe('read model definitions', () => {
  it('have unique names, known event types and tables that declare themselves by placeholder', () => {
    const tableNames = ALL_PROJECTIONS.flatMap((p) => p.tables.map((t) => t.name));
    expect(new Set(tableNames).size).toBe(tableNames.length);
    expect(new Set(ALL_PROJECTIONS.map((p) => p.name)).size).toBe(ALL_PROJECTIONS.length);
    for (const p of ALL_PROJECTIONS) {
      for (const type of p.eventTypes) expect(LEDGER_FACT_TYPES).toContain(type);
      for (const t of p.tables) {
        expect(t.create).toMatch(
          new RegExp(`^CREATE (TABLE|MATERIALIZED VIEW) IF NOT EXISTS \\{\\{${t.name}\\}\\}`),
        );
        expect(t.create).not.toContain(';');
        if (t.create.includes('MergeTree')) {
          expect(t.create).toContain('SETTINGS non_replicated_deduplication_window = 1000');
        }
        if (t.kind === 'table') {
          expect(t.create).toMatch(/\n {2}version (UInt64|SimpleAggregateFunction\(max, UInt64\))[,\n]/);
        }
        if (t.internal !== true) expect(t.readerQuery).toMatch(new RegExp(`\\{\\{${t.name}\\}\\}`));
      }
    }
  });

  it('store no amount as a float: the only Float64 is the chart price of trades', () => {
    const floats = ALL_PROJECTIONS.flatMap((p) => p.tables).filter((t) => /Float(32|64)/.test(t.create));
    expect(floats.map((t) => t.name)).toEqual(['trades']);
    expect(floats[0]?.create.match(/\w+ Nullable\(Float64\)/g)).toEqual(['price_f64 Nullable(Float64)']);
  });

  it('give the same rows for the same event, with the store position as version', () => {
    let produced = 0;
    for (const p of ALL_PROJECTIONS) {
      const types = new Set(p.eventTypes);
      for (const event of events.slice(0, 4000)) {
        const rows = p.rowsFor(event);
        if (!types.has(event.type)) {
          expect(rows).toEqual([]);
          continue;
        }
        expect(p.rowsFor(event)).toEqual(rows);
        for (const { table, rows: list } of rows) {
          expect(p.tables.find((t) => t.name === table)?.kind).toBe('table');
          for (const row of list) {
            if ('version' in row) expect(row.version).toBe(event.position.toString());
            produced += 1;
          }
        }
      }
    }
    expect(produced).toBeGreaterThan(10000);
  });

  it('reject an event whose payload is not its fact, or of a newer schema, or with a float amount', () => {
    const trade = events.find((e) => e.type === 'TradeExecuted') as StoredEvent;
    expect(codeOf(() => tradesProjection.rowsFor({ ...trade, payload: null }))).toBe(
      'READMODEL_ERR_BAD_EVENT',
    );
    expect(
      codeOf(() => tradesProjection.rowsFor(withPayload(trade, (p) => (p.type = 'TokenTransferred')))),
    ).toBe('READMODEL_ERR_BAD_EVENT');
    expect(codeOf(() => tradesProjection.rowsFor(withPayload(trade, (p) => (p.schemaVersion = 2))))).toBe(
      'READMODEL_ERR_UNSUPPORTED_SCHEMA',
    );
    const floaty = withPayload(trade, (p) => ((p.data as Record<string, unknown>).amountSold = '1.5'));
    expect(codeOf(() => tradesProjection.rowsFor(floaty))).toBe('READMODEL_ERR_BAD_AMOUNT');
    for (const code of [
      'READMODEL_ERR_BAD_EVENT',
      'READMODEL_ERR_UNSUPPORTED_SCHEMA',
      'READMODEL_ERR_BAD_AMOUNT',
    ]) {
      expect(READ_MODEL_ERROR_CODES.find((c) => c.code === code)?.description.length).toBeGreaterThan(80);
    }
  });

  it('fold a muxed destination into its account and keep the muxed address beside it', () => {
    const payment = events.find(
      (e) =>
        e.type === 'OperationApplied' &&
        (e.payload as { data: { operationType: string } }).data.operationType === 'payment',
    ) as StoredEvent;
    const body = (payment.payload as { data: { body: { destination: string } } }).data.body;
    const raw = Buffer.alloc(40);
    raw.set(StrKey.decodeEd25519PublicKey(body.destination), 0);
    raw.writeBigUInt64BE(42n, 32);
    const muxed = StrKey.encodeMed25519PublicKey(raw);
    const event = withPayload(payment, (p) => {
      ((p.data as { body: { destination: string } }).body as { destination: string }).destination = muxed;
    });
    const [rows] = paymentsProjection.rowsFor(event);
    expect(rows?.rows[0]).toMatchObject({ to: body.destination, to_muxed: muxed });
    const accounts = accountActivityProjection
      .rowsFor(event)
      .flatMap((r) => r.rows.map((row) => row.account));
    expect(accounts).toContain(body.destination);
    expect(accounts).not.toContain(muxed);
  });
});

describe('pair order and exact price', () => {
  it('puts native first, then the asset strings in byte order, whichever side sold', () => {
    const usdc = 'USDC:GA5ZSEJYB37JRC5AVCIA5MOP4RHTM335X2KGX3IHOJAPP5RE34K4KZVN';
    const aqua = 'AQUA:GBNZILSTVQZ4R7IKQDGHYGY2QXL5QOFJYQMXPKWRRM5PAV7Y4M67AQUA';
    expect(normalizePair(usdc, 10n, 'native', 45n)).toEqual({
      baseAsset: 'native',
      counterAsset: usdc,
      baseAmount: 45n,
      counterAmount: 10n,
      takerBoughtBase: false,
    });
    expect(normalizePair(aqua, 7n, usdc, 3n).baseAsset).toBe(aqua);
    expect(shuffled([usdc, 'native', aqua, 'yXLM:G', 'XRP:G'], 7).sort(compareAssets)).toEqual([
      'native',
      aqua,
      usdc,
      'XRP:G',
      'yXLM:G',
    ]);
  });

  it('orders 38-digit decimals exactly as the fractions they come from', () => {
    const max = (1n << 63n) - 1n;
    const pairs: [bigint, bigint][] = [
      [max - 1n, max],
      [max - 2n, max - 1n],
      [1n, max],
      [1n, max - 1n],
      [max, 1n],
      [3n, 7n],
      [6n, 14n],
    ];
    const asDecimal = (n: bigint, d: bigint) => BigInt((exactPrice(n, d)?.decimal ?? '').replace('.', ''));
    for (const [a, b] of pairs) {
      for (const [c, d] of pairs) {
        const byFraction = Math.sign(Number(a * d - c * b));
        const byDecimal = Math.sign(Number(asDecimal(a, b) - asDecimal(c, d)));
        expect(byDecimal).toBe(byFraction);
      }
    }
    expect(exactPrice(6n, 14n)).toMatchObject({ n: 3n, d: 7n });
    expect(exactPrice(5n, 0n)).toBeNull();
  });
});
