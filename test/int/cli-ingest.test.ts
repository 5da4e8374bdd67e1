import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countBy, decodeFixture } from '../helpers/decode-fixture.ts';
import { fixture } from '../helpers/fixtures.ts';
import { lastJsonLine, runCli } from '../helpers/run-cli.ts';

const FILE = fixture('ledger-close-meta/pubnet/misc/ledger-57500008.xdr.gz');
let dir: string;
let store: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
  store = `sqlite:${path.join(dir, 'events.db')}`;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('stellar-indexer ingest and events', () => {
  it('ingest --json ends with a summary of what it appended', async () => {
    const result = await runCli(
      ['ingest', '--source', FILE, '--network', 'pubnet', '--store', store, '--json'],
      dir,
    );
    expect(result.code).toBe(0);
    const facts = (await decodeFixture(FILE)).flatMap((l) => l.facts);
    expect(lastJsonLine(result.stdout)).toEqual({
      fromLedger: 57500008,
      toLedger: 57500008,
      ledgers: 1,
      transactions: 264,
      operations: 444,
      events: countBy(facts, (f) => f.type),
    });
  });

  it('events prints stored events as JSON lines, filtered and paged', async () => {
    const all = await runCli(['events', '--store', store], dir);
    expect(all.code).toBe(0);
    const lines = all.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const facts = (await decodeFixture(FILE)).flatMap((l) => l.facts);
    expect(lines.length).toBe(facts.length);
    expect(lines.map((l) => l.payload)).toEqual(JSON.parse(JSON.stringify(facts)));
    expect(lines.map((l) => Number(l.position))).toEqual(lines.map((_, i) => i + 1));

    const trades = await runCli(['events', '--store', store, '--type', 'TradeExecuted', '--limit', '3'], dir);
    const tradeLines = trades.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(tradeLines.map((l) => l.type)).toEqual(['TradeExecuted', 'TradeExecuted', 'TradeExecuted']);
    expect(tradeLines.map((l) => l.id)).toEqual(
      facts
        .filter((f) => f.type === 'TradeExecuted')
        .slice(0, 3)
        .map((f) => f.id),
    );

    const from = await runCli(['events', '--store', store, '--from-position', '10', '--limit', '2'], dir);
    expect(
      from.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).position),
    ).toEqual(['10', '11']);

    const bad = await runCli(['events', '--store', store, '--limit', 'ten'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^CLI_ERR_BAD_OPTION: --limit must be a whole number/m);
  });
});
