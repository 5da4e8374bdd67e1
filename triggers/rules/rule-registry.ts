import { triggerError } from '../errors.ts';
import { openTriggerStateDb } from '../open-state-db.ts';
import { InvalidRulesError } from './invalid-rules-error.ts';
import { parseRulesFile } from './parse-rules.ts';
import type { TriggerRule } from './rule-types.ts';

/** A rule created through the API, as stored. */
export interface RegisteredRule {
  readonly rule: TriggerRule;
  /** The definition as given (JSON or YAML text of one rule). */
  readonly definition: string;
  readonly updatedAt: string;
  /** The principal that created or last replaced it (`key:<id>`, `jwt:<sub>`). */
  readonly updatedBy: string;
}

/**
 * Rules managed at run time (GraphQL mutations), kept in the trigger state file beside the engine and
 * delivery tables. A version counter goes up on every change, so a trigger job in another process
 * notices and reloads. Rule names must not clash with the rules file's (`reserved`).
 */
export interface RuleRegistry {
  list(): readonly RegisteredRule[];
  /** Validates one rule definition and stores it (replacing an API rule of the same name). */
  put(
    definition: string,
    by: string,
    options?: { reserved?: readonly string[]; webhooks?: readonly string[] },
  ): RegisteredRule;
  /** True when a rule of that name existed. */
  remove(name: string): boolean;
  /** Goes up on every put and remove, from any process. */
  version(): number;
  close(): void;
}

const CREATE = `
CREATE TABLE IF NOT EXISTS trigger_rules (
  name TEXT PRIMARY KEY,
  definition TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  updated_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS trigger_rules_version (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT OR IGNORE INTO trigger_rules_version (id, version) VALUES (1, 0);
`;

interface Row {
  name: string;
  definition: string;
  updated_at: string;
  updated_by: string;
}

/** Parses one rule's definition (YAML or JSON text; integers stay exact) as a one-rule file would be. */
function parseDefinition(definition: string, options: { webhooks?: readonly string[] }): TriggerRule {
  const text = `rules:\n${definition
    .trim()
    .split('\n')
    .map((line, i) => (i === 0 ? `  - ${line}` : `    ${line}`))
    .join('\n')}\n`;
  const parsed = parseRulesFile(
    text,
    '(api)',
    options.webhooks === undefined ? {} : { webhooks: options.webhooks },
  );
  const rule = parsed.rules[0];
  if (rule === undefined || parsed.rules.length !== 1)
    throw new InvalidRulesError('(api)', [{ rule: '(api)', field: '', problem: 'give exactly one rule' }]);
  return rule;
}

export function openRuleRegistry(path: string): RuleRegistry {
  const db = openTriggerStateDb(path, CREATE, (cause) =>
    triggerError(
      'TRIGGER_ERR_STATE',
      `cannot open the trigger rule registry in ${path}: ${cause instanceof Error ? cause.message : String(cause)}; check the file and its directory`,
      { details: { file: path }, cause },
    ),
  );
  const all = db.prepare<[], Row>('SELECT * FROM trigger_rules ORDER BY name');
  const upsert = db.prepare(
    `INSERT INTO trigger_rules (name, definition, updated_at, updated_by) VALUES (?, ?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at,
       updated_by = excluded.updated_by`,
  );
  const del = db.prepare('DELETE FROM trigger_rules WHERE name = ?');
  const bump = db.prepare('UPDATE trigger_rules_version SET version = version + 1 WHERE id = 1');
  const readVersion = db.prepare<[], { version: number }>(
    'SELECT version FROM trigger_rules_version WHERE id = 1',
  );
  const toRegistered = (row: Row): RegisteredRule => ({
    rule: parseDefinition(row.definition, {}),
    definition: row.definition,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  });

  return {
    list: () => all.all().map(toRegistered),
    put(definition, by, options = {}) {
      const rule = parseDefinition(definition, options);
      if (options.reserved?.includes(rule.name))
        throw new InvalidRulesError('(api)', [
          {
            rule: rule.name,
            field: 'name',
            problem: 'a rule of the rules file has this name; choose another',
          },
        ]);
      const updatedAt = new Date().toISOString();
      db.transaction(() => {
        upsert.run(rule.name, definition.trim(), updatedAt, by);
        bump.run();
      })();
      return { rule, definition: definition.trim(), updatedAt, updatedBy: by };
    },
    remove(name) {
      return db.transaction(() => {
        const changed = del.run(name).changes > 0;
        if (changed) bump.run();
        return changed;
      })();
    },
    version: () => readVersion.get()?.version ?? 0,
    close: () => db.close(),
  };
}
