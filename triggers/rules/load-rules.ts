import { readFile } from 'node:fs/promises';
import { triggerError } from '../errors.ts';
import { parseRulesFile, type RulesFile } from './parse-rules.ts';
import type { TriggerRule } from './rule-types.ts';
import type { ValidateRuleOptions } from './validate-rule.ts';

/** Reads and validates a YAML or JSON rules file: its rules and webhooks. */
export async function loadRulesFile(path: string, options: ValidateRuleOptions = {}): Promise<RulesFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const why = cause instanceof Error ? cause.message : String(cause);
    throw triggerError(
      'TRIGGER_ERR_RULES_UNREADABLE',
      `cannot read the rules file ${path}: ${why}; check --rules`,
      {
        details: { file: path },
        cause,
      },
    );
  }
  return parseRulesFile(text, path, options);
}

/** The rules of a rules file (see loadRulesFile). */
export const loadRules = async (path: string, options: ValidateRuleOptions = {}): Promise<TriggerRule[]> => [
  ...(await loadRulesFile(path, options)).rules,
];
