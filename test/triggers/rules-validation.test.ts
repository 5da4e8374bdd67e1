import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StrKey } from '@stellar/stellar-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../contracts/errors.ts';
import { InvalidRulesError } from '../../triggers/rules/invalid-rules-error.ts';
import { loadRules, loadRulesFile } from '../../triggers/rules/load-rules.ts';
import { parseRulesFile, parseRulesText } from '../../triggers/rules/parse-rules.ts';
import type { RuleProblem } from '../../triggers/rules/rule-types.ts';
import { USDC } from './helpers/trigger-fixture.ts';

const ACCOUNT = StrKey.encodeEd25519PublicKey(Buffer.alloc(32, 7));
const CONTRACT = StrKey.encodeContract(Buffer.alloc(32, 9));

const VALID_YAML = `
webhooks:
  - { name: ops, url: "https://hooks.example.com/stellar", secret: "0123456789abcdef0123", maxAttempts: 3 }
rules:
  - name: big-usdc-in
    kind: event
    event: TokenTransferred
    where:
      account: ${ACCOUNT}
      asset: ${USDC}
      contract: ${CONTRACT}
      amount: { gte: 100000000000000000000000 }
      "data.kind": { in: [transfer, mint] }
    cooldownSeconds: 60
    deliver: [nats, webhook:ops]
  - name: swaps
    kind: event
    event: ContractEventEmitted
    where:
      topics: [swap, "*", "**"]
  - name: xlm-usdc-volume
    kind: readModel
    condition:
      volume: { pair: "native/${USDC}", windowSeconds: 3600, side: counter, gte: "100000000000" }
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trigger-rules-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function problemsOf(text: string, options = {}): RuleProblem[] {
  try {
    parseRulesText(text, 'rules.yaml', options);
  } catch (error) {
    expect(hasErrorCode(error, 'TRIGGER_ERR_INVALID_RULES')).toBe(true);
    return [...(error as InvalidRulesError).problems];
  }
  throw new TypeError('expected TRIGGER_ERR_INVALID_RULES');
}

describe('rules files', () => {
  it('loads YAML with defaults applied and amounts kept exact', async () => {
    const file = path.join(dir, 'rules.yaml');
    fs.writeFileSync(file, VALID_YAML);
    const rules = await loadRules(file);
    expect(rules.map((r) => [r.name, r.kind, r.rearm, r.cooldownSeconds, r.deliver])).toEqual([
      ['big-usdc-in', 'event', 'always', 60, ['nats', 'webhook:ops']],
      ['swaps', 'event', 'always', 0, ['nats']],
      ['xlm-usdc-volume', 'readModel', 'onClear', 0, ['nats']],
    ]);
    const [big, swaps, volume] = rules;
    expect(big).toMatchObject({
      event: 'TokenTransferred',
      where: {
        account: ACCOUNT,
        asset: USDC,
        contract: CONTRACT,
        amount: { gte: '100000000000000000000000' },
        fields: { 'data.kind': { in: ['transfer', 'mint'] } },
      },
    });
    expect(swaps).toMatchObject({ where: { topics: ['swap', '*', '**'], fields: {} } });
    expect(volume).toMatchObject({
      condition: {
        type: 'volume',
        pair: { base: 'native', counter: USDC },
        windowSeconds: 3600,
        side: 'counter',
        gte: '100000000000',
      },
    });
    for (const r of rules) expect(r.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gives the same rules and versions for the same definitions written as JSON in another key order', async () => {
    const yaml = parseRulesFile(VALID_YAML, 'a.yaml');
    const json = JSON.stringify({
      webhooks: [
        {
          name: 'ops',
          url: 'https://hooks.example.com/stellar',
          secret: '0123456789abcdef0123',
          maxAttempts: 3,
        },
      ],
      rules: [
        {
          deliver: ['nats', 'webhook:ops'],
          cooldownSeconds: 60,
          where: {
            'data.kind': { in: ['transfer', 'mint'] },
            amount: { gte: '100000000000000000000000' },
            contract: CONTRACT,
            asset: USDC,
            account: ACCOUNT,
          },
          event: 'TokenTransferred',
          kind: 'event',
          name: 'big-usdc-in',
        },
        {
          name: 'swaps',
          kind: 'event',
          event: 'ContractEventEmitted',
          where: { topics: ['swap', '*', '**'] },
        },
        {
          name: 'xlm-usdc-volume',
          kind: 'readModel',
          rearm: 'onClear',
          condition: {
            volume: { gte: 100000000000, side: 'counter', windowSeconds: 3600, pair: `native/${USDC}` },
          },
        },
      ],
    });
    const file = path.join(dir, 'rules.json');
    fs.writeFileSync(file, json);
    const fromJson = await loadRulesFile(file);
    expect(fromJson).toEqual(yaml);
    expect(yaml.webhooks).toEqual([
      expect.objectContaining({ name: 'ops', url: 'https://hooks.example.com/stellar', maxAttempts: 3 }),
    ]);
    const changed = parseRulesText(
      VALID_YAML.replace('gte: "100000000000"', 'gte: "100000000001"'),
      'b.yaml',
    );
    expect(changed.map((r) => r.version === yaml.rules.find((y) => y.name === r.name)?.version)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('reports every problem of every rule at once, each with the rule, the field and the problem', () => {
    const problems = problemsOf(`
rules:
  - name: bad name!
    kind: event
    event: TokenTransfered
    where:
      amount: { gte: "1.5", between: 3 }
      acount: ${ACCOUNT}
      asset: USDC
      topics: [transfer]
    deliver: [nats, sms]
    colour: red
  - name: dup
    kind: readModel
    condition:
      volume: { pair: "native/native", windowSeconds: 0, side: middle, gte: "-5" }
    rearm: sometimes
  - name: dup
    kind: readModel
    event: TokenTransferred
    condition:
      poolReserves: { pool: abc, asset: native, below: "10" }
  - name: price
    kind: readModel
    condition:
      priceChange: { pair: "native/${USDC}", windowSeconds: 60, gtePercent: "5", ltePercent: "-5" }
  - kind: event
    event: TriggerFired
    cooldownSeconds: -1
  - just a string
`);
    expect(problems.map((p) => [p.rule, p.field])).toEqual([
      ['rules[0]', 'colour'],
      ['rules[0]', 'name'],
      ['rules[0]', 'deliver[1]'],
      ['rules[0]', 'event'],
      ['rules[0]', 'where.amount.between'],
      ['rules[0]', 'where.acount'],
      ['rules[0]', 'where.asset'],
      ['rules[0]', 'where.topics'],
      ['"dup" (rules[1])', 'rearm'],
      ['"dup" (rules[1])', 'condition.volume.pair'],
      ['"dup" (rules[1])', 'condition.volume.windowSeconds'],
      ['"dup" (rules[1])', 'condition.volume.side'],
      ['"dup" (rules[1])', 'condition.volume.gte'],
      ['"dup" (rules[2])', 'event'],
      ['"dup" (rules[2])', 'condition.poolReserves.pool'],
      ['"dup" (rules[2])', 'name'],
      ['"price" (rules[3])', 'condition.priceChange'],
      ['rules[4]', 'name'],
      ['rules[4]', 'cooldownSeconds'],
      ['rules[4]', 'event'],
      ['rules[5]', ''],
    ]);
    const text = (rule: string, field: string) =>
      problems.find((p) => p.rule === rule && p.field === field)?.problem;
    expect(text('rules[0]', 'event')).toMatch(
      /"TokenTransfered" is not a stored fact type; expected one of .*TokenTransferred/,
    );
    expect(text('rules[0]', 'where.amount.between')).toMatch(
      /unknown operator; expected one of eq, ne, gt, gte, lt, lte/,
    );
    expect(text('rules[0]', 'where.acount')).toMatch(/unknown condition; use a shortcut \(account, asset/);
    expect(text('rules[0]', 'where.asset')).toMatch(/"USDC" is not an asset/);
    expect(text('rules[0]', 'where.topics')).toBe(
      'topics apply to ContractEventEmitted only, not TokenTransfered',
    );
    expect(text('rules[0]', 'deliver[1]')).toMatch(/"sms" is not a target; use nats or webhook:<name>/);
    expect(text('"dup" (rules[1])', 'condition.volume.gte')).toMatch(/-5 is negative/);
    expect(text('"dup" (rules[2])', 'condition.poolReserves.pool')).toBe(
      '"abc" is not a liquidity pool id (64 hex characters or an L… strkey)',
    );
    expect(text('"dup" (rules[2])', 'name')).toBe('already used by rules[1]; names are unique');
    expect(text('"price" (rules[3])', 'condition.priceChange')).toMatch(
      /exactly one of gtePercent, ltePercent \(got both\)/,
    );
    expect(text('rules[4]', 'event')).toMatch(/cannot watch TriggerFired/);
    // "1.5" is not an integer: reported for the operator that has it.
    expect(problems.some((p) => p.field === 'where.amount.gte')).toBe(false);
  });

  it('reports a bad amount and names each problem in the one error message', () => {
    let error: unknown;
    try {
      parseRulesText(
        `rules:\n  - { name: a, kind: event, event: TokenTransferred, where: { amount: { gte: "1.5" } }, deliver: [webhook:nope] }\n`,
        '/etc/rules.yaml',
        { webhooks: ['ops', 'pager'] },
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidRulesError);
    const e = error as InvalidRulesError;
    expect(e.code).toBe('TRIGGER_ERR_INVALID_RULES');
    expect(e.details).toEqual({ file: '/etc/rules.yaml', problems: 2 });
    expect(e.message).toContain('rules file /etc/rules.yaml has 2 problems:');
    expect(e.message).toContain('"a" (rules[0]) deliver[0]: no webhook named nope (declared: ops, pager)');
    expect(e.message).toContain('"a" (rules[0]) where.amount.gte: "1.5" is not an integer');
  });

  it('reports the problems of the webhooks section with those of the rules, and targets it does not declare', () => {
    const problems = problemsOf(`
webhooks:
  - { name: ops, url: "http://127.0.0.1:9/hook", secret: short }
rules:
  - { name: a, kind: event, event: LedgerClosed, deliver: [webhook:ops, webhook:pager] }
`);
    expect(problems.map((p) => [p.rule, p.field])).toEqual([
      ['(webhooks)', 'webhooks[ops].secret'],
      ['(webhooks)', 'webhooks[ops].url'],
      ['"a" (rules[0])', 'deliver[1]'],
    ]);
    expect(problems[1]?.problem).toMatch(/\(DELIVER_ERR_PRIVATE_TARGET\)$/);
    expect(problems[2]?.problem).toBe('no webhook named pager (declared: ops)');
    expect(
      problemsOf('rules:\n  - { name: a, kind: event, event: LedgerClosed, deliver: [webhook:ops] }\n'),
    ).toEqual([
      {
        rule: '"a" (rules[0])',
        field: 'deliver[0]',
        problem: 'no webhook named ops (the file declares no webhooks:)',
      },
    ]);
  });

  it('reports a syntax error with its line, and a file that is not a rules map', () => {
    expect(problemsOf('rules:\n  - name: a\n    name: b\n')).toEqual([
      expect.objectContaining({
        rule: '(file)',
        field: 'line 3 column 5',
        problem: expect.stringMatching(/unique/),
      }),
    ]);
    expect(problemsOf('- name: a\n')).toEqual([
      {
        rule: '(file)',
        field: 'rules',
        problem: 'the file must be a map with a list "rules:" (see triggers/README.md)',
      },
    ]);
    expect(problemsOf('rules: []\ncolour: {}\n')).toEqual([
      { rule: '(file)', field: 'colour', problem: 'unknown field; expected one of rules, webhooks' },
    ]);
  });

  it('says which file it cannot read', async () => {
    const missing = path.join(dir, 'missing.yaml');
    await expect(loadRules(missing)).rejects.toMatchObject({
      code: 'TRIGGER_ERR_RULES_UNREADABLE',
      details: { file: missing },
    });
  });
});
