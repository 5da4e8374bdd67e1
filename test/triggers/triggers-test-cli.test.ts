import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { triggersCommand } from '../../cli/commands/triggers-command.ts';
import type { TokenTransferred } from '../../contracts/events/token-transferred.ts';
import type { TradeExecuted } from '../../contracts/events/trade-executed.ts';
import type { TriggerFired } from '../../contracts/events/trigger-fired.ts';
import { runCli } from '../helpers/run-cli.ts';
import type { TestClickHouse } from '../projections/helpers/test-clickhouse.ts';
import { inWindow, pairTrade } from './helpers/pairs.ts';
import {
  type LedgerInfo,
  projectedP26Store,
  storedOfType,
  type TempStore,
  USDC,
} from './helpers/trigger-fixture.ts';

const THRESHOLD = 10_000_000_000n;
const VOLUME = 20_000_000_000n;

const triggersCli = (args: readonly string[], cwd: string) => runCli(['triggers', ...args], cwd);

let t: TempStore;
let tch: TestClickHouse;
let ledgers: LedgerInfo[];
/** `rule@ledger` of every firing expected, computed from the stored facts. */
let expected: string[];
let volumes: Map<number, bigint>;
let range: string[];

beforeAll(async () => {
  ({ temp: t, clickhouse: tch, ledgers } = await projectedP26Store('trigger-cli-'));
  // The CLI opens chDB in its own process: let go of the directory.
  await tch.connector.close();
  const big = new Set(
    (await storedOfType(t.store, ['TokenTransferred']))
      .map((e) => e.payload as TokenTransferred)
      .filter((x) => x.data.asset === 'native' && BigInt(x.data.amount) > THRESHOLD)
      .map((x) => x.ledger),
  );
  const trades = (await storedOfType(t.store, ['TradeExecuted']))
    .map((e) => pairTrade(e.payload as TradeExecuted))
    .filter((x) => x.base === 'native' && x.counter === USDC);
  volumes = new Map(
    ledgers.map((l) => [
      l.ledger,
      inWindow(trades, l.ledger, l.seconds, 30).reduce((s, x) => s + x.baseAmount, 0n),
    ]),
  );
  expected = ledgers.flatMap((l) => [
    ...(big.has(l.ledger) ? [`big-xlm-transfer@${l.ledger}`] : []),
    ...((volumes.get(l.ledger) ?? 0n) >= VOLUME ? [`usdc-volume@${l.ledger}`] : []),
  ]);
  fs.writeFileSync(
    path.join(t.dir, 'rules.yaml'),
    `rules:
  - name: big-xlm-transfer
    kind: event
    event: TokenTransferred
    where: { asset: native, amount: { gt: "${THRESHOLD}" } }
  - name: usdc-volume
    kind: readModel
    rearm: always
    condition: { volume: { pair: "native/${USDC}", windowSeconds: 30, gte: "${VOLUME}" } }
`,
  );
  range = [
    '--store',
    'sqlite:events.db',
    '--clickhouse',
    tch.uri,
    '--from',
    String(ledgers[0]?.ledger),
    '--to',
    String(ledgers[ledgers.length - 1]?.ledger),
  ];
});

afterAll(async () => {
  await tch?.close();
  await t?.close();
});

describe('stellar-indexer triggers test', () => {
  it('prints what would have fired, when and why, then a summary', async () => {
    const result = await triggersCli(['test', '--rules', 'rules.yaml', ...range], t.dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    const headers = lines.filter((l) => l.startsWith('ledger '));
    const fired = headers.map((l) => {
      const [, ledger, , rule] = /^ledger (\d+) (\S+) ([\w-]+): /.exec(l) ?? [];
      return `${rule}@${ledger}`;
    });
    expect(fired).toEqual(expected);
    expect(expected.filter((e) => e.startsWith('usdc-volume')).length).toBeGreaterThan(0);
    for (const l of ledgers) {
      const header = headers.find((h) => h.startsWith(`ledger ${l.ledger} ${l.closeTime} usdc-volume: `));
      if (header !== undefined) expect(header).toContain(`is ${volumes.get(l.ledger)} native in `);
    }
    expect(lines.some((l) => /^ {2}matches: TokenTransferred \d{19}-\d{10}/.test(l))).toBe(true);
    const count = (rule: string) => expected.filter((e) => e.startsWith(`${rule}@`)).length;
    expect(lines[lines.length - 1]).toBe(
      `${expected.length} firings over ${ledgers.length} ledgers ${range[5]}..${range[7]} (big-xlm-transfer ${count('big-xlm-transfer')}, usdc-volume ${count('usdc-volume')}); nothing was delivered`,
    );
  });

  it('--json prints the TriggerFired facts with their values on one line', async () => {
    const result = await triggersCli(['test', '--rules', 'rules.yaml', '--json', ...range], t.dir);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as {
      from: number;
      to: number;
      ledgers: number;
      firings: TriggerFired[];
    };
    expect(out).toMatchObject({ from: ledgers[0]?.ledger, ledgers: ledgers.length });
    expect(out.firings.map((f) => `${f.data.rule}@${f.ledger}`)).toEqual(expected);
    for (const f of out.firings.filter((x) => x.data.rule === 'usdc-volume')) {
      expect(f.data.values.volume).toBe(volumes.get(f.ledger)?.toString());
    }
  });

  it('reports invalid rules and bad options as one typed error', async () => {
    fs.writeFileSync(
      path.join(t.dir, 'bad.yaml'),
      'rules:\n  - { name: a, kind: event, event: Nope }\n  - { name: b, kind: readModel, condition: { poolReserves: { pool: nope, asset: native, below: "1" } } }\n',
    );
    const bad = await triggersCli(['test', '--rules', 'bad.yaml', ...range], t.dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^TRIGGER_ERR_INVALID_RULES: rules file bad\.yaml has 2 problems:\n/);
    expect(bad.stderr).toContain('  - "a" (rules[0]) event: "Nope" is not a stored fact type');
    expect(bad.stderr).toContain(
      '  - "b" (rules[1]) condition.poolReserves.pool: "nope" is not a liquidity pool id (64 hex characters or an L… strkey)',
    );
    expect(bad.stderr).toContain('(file=bad.yaml problems=2)');

    const missing = await triggersCli(['test', '--from', '1', '--to', '2'], t.dir);
    expect(missing).toMatchObject({
      code: 2,
      stderr: 'CLI_ERR_BAD_OPTION: triggers test: --rules is required (option=rules)\n',
    });
    // Refused before anything is opened, so these run in this process.
    const signal = new AbortController().signal;
    await expect(triggersCommand(['nope'], signal)).rejects.toMatchObject({
      code: 'CLI_ERR_BAD_OPTION',
      message: 'triggers: unknown subcommand "nope"; subcommands: test, run, dead-letters',
    });
    await expect(
      triggersCommand(['test', '--rules', 'x', '--from', 'ten', '--to', '2'], signal),
    ).rejects.toMatchObject({
      code: 'CLI_ERR_BAD_OPTION',
      details: { option: 'from' },
    });
    await expect(
      triggersCommand(['test', '--rules', 'x', '--from', '1', '--to', '2', '--color'], signal),
    ).rejects.toMatchObject({
      code: 'CLI_ERR_BAD_OPTION',
      message: expect.stringMatching(/^triggers test: Unknown option '--color'/),
    });
  });
});
