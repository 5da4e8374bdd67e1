import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ruleRegistryOnUse } from '../../triggers/rules/rule-registry-on-use.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rule-registry-on-use-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const RULE = '{"name":"any-trade","kind":"event","event":"TradeExecuted"}';

describe('rule registry opened on use (serve)', () => {
  it('creates no state file until a rule is read or changed', () => {
    const file = path.join(dir, 'unused', 'triggers.db');
    const registry = ruleRegistryOnUse(file);
    registry.close();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('opens the file on first use, keeps the rules across reopening, and reopens after close', () => {
    const file = path.join(dir, 'used', 'triggers.db');
    const registry = ruleRegistryOnUse(file);
    expect(registry.list()).toEqual([]);
    expect(fs.existsSync(file)).toBe(true);
    registry.put(RULE, 'key:test');
    expect(registry.version()).toBe(1);
    registry.close();
    expect(registry.list().map((r) => [r.rule.name, r.updatedBy])).toEqual([['any-trade', 'key:test']]);
    const other = ruleRegistryOnUse(file);
    expect(other.remove('any-trade')).toBe(true);
    expect(other.version()).toBe(2);
    other.close();
    registry.close();
  });

  it('reports a file it cannot open on the call that needs it, with a code', () => {
    const blocker = path.join(dir, 'a-file');
    fs.writeFileSync(blocker, 'not a directory');
    const registry = ruleRegistryOnUse(path.join(blocker, 'triggers.db'));
    expect(() => registry.list()).toThrow(expect.objectContaining({ code: 'TRIGGER_ERR_STATE' }));
    registry.close();
  });
});
