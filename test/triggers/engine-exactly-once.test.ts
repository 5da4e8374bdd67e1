import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runProjectJob } from '../../cli/project-job.ts';
import type { StoredEvent } from '../../contracts/event-store.ts';
import { TRIGGERS_STREAM, type TriggerFired } from '../../contracts/events/trigger-fired.ts';
import type { LedgerEvents } from '../../ingest/ledger-events.ts';
import type { ClickHouse } from '../../projections/clickhouse/clickhouse.ts';
import { silentLogger } from '../../projections/runner/runner-logger.ts';
import { evaluateHistory } from '../../triggers/engine/evaluate-history.ts';
import { createProjectionWait, projectionsFor } from '../../triggers/engine/projection-wait.ts';
import { createTriggerEngine, type TriggerEngineOptions } from '../../triggers/engine/trigger-engine.ts';
import { parseRulesText } from '../../triggers/rules/parse-rules.ts';
import type { TriggerRule } from '../../triggers/rules/rule-types.ts';
import { appendLedgers } from '../projections/helpers/fixture-store.ts';
import { createTestClickHouse, type TestClickHouse } from '../projections/helpers/test-clickhouse.ts';
import {
  createTempStore,
  p26Ledgers,
  projectOnce,
  type TempStore,
  TRIGGER_PROJECTIONS,
  USDC,
} from './helpers/trigger-fixture.ts';

const FIRST_PART = 12;

let all: LedgerEvents[];
let t: TempStore;
let tch: TestClickHouse;
let ch: ClickHouse;
let rules: TriggerRule[];
let statePath: string;
let first: number;

const rulesText = `rules:
  - name: big-xlm-transfer
    kind: event
    event: TokenTransferred
    where: { asset: native, amount: { gt: "10000000000" } }
  - name: usdc-volume
    kind: readModel
    cooldownSeconds: 10
    condition: { volume: { pair: "native/${USDC}", windowSeconds: 30, gte: "20000000000" } }
  - name: usdc-volume-clear
    kind: readModel
    condition: { volume: { pair: "native/${USDC}", windowSeconds: 20, gte: "20000000000" } }
`;

async function triggersStream(): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const e of t.store.readStream(TRIGGERS_STREAM)) out.push(e);
  return out;
}

const engineOptions = (extra: Partial<TriggerEngineOptions> = {}): TriggerEngineOptions => ({
  store: t.store,
  clickhouse: ch,
  rules,
  network: 'pubnet',
  statePath,
  from: first,
  waitForProjection: createProjectionWait({
    reader: ch,
    projections: projectionsFor(rules),
    pollIntervalMs: 50,
  }),
  logger: silentLogger,
  pollIntervalMs: 50,
  ...extra,
});

const summaryOf = (firings: readonly { id: string; payload?: unknown }[]) => firings.map((f) => f.id);

beforeAll(async () => {
  all = await p26Ledgers();
  first = all[0]?.sequence as number;
  t = await createTempStore('trigger-engine-', all.slice(0, FIRST_PART));
  statePath = path.join(t.dir, 'triggers.db');
  tch = await createTestClickHouse(t.dir);
  await projectOnce(tch.connector, t.store, tch.uri);
  ch = await tch.connector.open(tch.uri, { readOnly: true });
  rules = parseRulesText(rulesText, 'inline');
});

afterAll(async () => {
  await ch?.release();
  await tch?.close();
  await t?.close();
});

describe('trigger engine', () => {
  let reference: readonly TriggerFired[];
  let crashAt: number;

  it('stops between append and state save, and a rerun appends each (rule, ledger) once', async () => {
    const last = all[FIRST_PART - 1]?.sequence as number;
    ({ firings: reference } = await evaluateHistory({
      store: t.store,
      clickhouse: ch,
      rules,
      from: first,
      to: last,
    }));
    expect(new Set(reference.map((f) => f.data.rule)).size).toBe(3);
    // Crash at a ledger in the middle where both kinds of rules fire.
    const byLedger = new Map<number, Set<string>>();
    for (const f of reference)
      byLedger.set(f.ledger, (byLedger.get(f.ledger) ?? new Set()).add(f.data.ruleKind));
    crashAt = [...byLedger].find(([l, kinds]) => l > first + 2 && kinds.size === 2)?.[0] as number;
    expect(crashAt).toBeGreaterThan(first);

    const crash = createTriggerEngine(
      engineOptions({
        afterAppend: (ledger) => {
          if (ledger === crashAt) throw new Error(`simulated crash after appending ledger ${ledger}`);
        },
      }),
    );
    await expect(crash.run({ follow: false })).rejects.toThrow(/simulated crash/);
    const afterCrash = await triggersStream();
    expect(summaryOf(afterCrash)).toEqual(summaryOf(reference.filter((f) => f.ledger <= crashAt)));
    const db = new Database(statePath, { readonly: true });
    const row = db
      .prepare('SELECT ledger, stream_revision, rules FROM trigger_engine_state WHERE engine = ?')
      .get('pubnet') as {
      ledger: number;
      stream_revision: string;
      rules: string;
    };
    db.close();
    expect(row.ledger).toBe(crashAt - 1);
    expect(BigInt(row.stream_revision)).toBe(BigInt(reference.filter((f) => f.ledger < crashAt).length - 1));

    const rerun = await createTriggerEngine(engineOptions()).run({ follow: false });
    const atCrash = reference.filter((f) => f.ledger === crashAt).length;
    expect(rerun).toEqual({
      first: crashAt,
      last,
      ledgers: last - crashAt + 1,
      appended: reference.filter((f) => f.ledger > crashAt).length,
      alreadyAppended: atCrash,
    });
    const stream = await triggersStream();
    expect(new Set(stream.map((e) => e.id)).size).toBe(stream.length);
    // Same firings, same order, same contents as an uninterrupted evaluation: the states advanced alike.
    expect(stream.map((e) => e.payload)).toEqual(JSON.parse(JSON.stringify(reference)));
    expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
    // Rules whose state matters (onClear, cooldown) fired again after the crash ledger.
    const later = new Set(reference.filter((f) => f.ledger > crashAt).map((f) => f.data.rule));
    expect(later).toEqual(new Set(['big-xlm-transfer', 'usdc-volume', 'usdc-volume-clear']));
  });

  it('refuses a dry run over ledgers the read models do not hold yet', async () => {
    await appendLedgers(t.store, all.slice(FIRST_PART, FIRST_PART + 2));
    const to = all[FIRST_PART + 1]?.sequence as number;
    await expect(
      evaluateHistory({ store: t.store, clickhouse: ch, rules, from: first, to }),
    ).rejects.toMatchObject({
      code: 'TRIGGER_ERR_NOT_PROJECTED',
      details: { projection: 'trades', ledger: to - 1 },
    });
  });

  it('follows new ledgers live, waiting for the projections, and ends where a full dry run ends', async () => {
    const last = all[all.length - 1]?.sequence as number;
    const fired: TriggerFired[] = [];
    const engine = createTriggerEngine(engineOptions({ onFired: (events) => fired.push(...events) }));
    const running = engine.run({ until: last });
    const stopProjection = new AbortController();
    const projecting = runProjectJob({
      store: t.store,
      clickhouseUri: tch.uri,
      connector: tch.connector,
      projections: TRIGGER_PROJECTIONS,
      follow: true,
      signal: stopProjection.signal,
      logger: silentLogger,
    });
    for (let i = FIRST_PART + 2; i < all.length; i += 2) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await appendLedgers(t.store, all.slice(i, i + 2));
    }
    const summary = await running;
    stopProjection.abort();
    await projecting;
    expect(summary).toMatchObject({ first: all[FIRST_PART]?.sequence, last, alreadyAppended: 0 });

    const { firings } = await evaluateHistory({
      store: t.store,
      clickhouse: ch,
      rules,
      from: first,
      to: last,
    });
    const stream = await triggersStream();
    expect(stream.map((e) => e.payload)).toEqual(JSON.parse(JSON.stringify(firings)));
    expect(summaryOf(fired)).toEqual(
      summaryOf(firings.filter((f) => f.ledger > (all[FIRST_PART - 1]?.sequence as number))),
    );
    expect(fired.length).toBeGreaterThan(0);
  });

  it('does nothing more when run again at the end', async () => {
    const before = await triggersStream();
    const summary = await createTriggerEngine(engineOptions()).run({ follow: false });
    expect(summary).toMatchObject({ ledgers: 0, appended: 0 });
    expect((await triggersStream()).length).toBe(before.length);
  });
});
