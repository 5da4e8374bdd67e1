import { parseDocument } from 'yaml';
import type { ResolvedWebhookConfig } from '../deliver/webhook-config.ts';
import { InvalidRulesError } from './invalid-rules-error.ts';
import { createProblemSink } from './problems.ts';
import type { RuleProblem, TriggerRule } from './rule-types.ts';
import { type ValidateRuleOptions, validateRule } from './validate-rule.ts';
import { checkKeys, isRecord } from './values.ts';
import { readWebhooksSection } from './webhooks-section.ts';

const FILE = '(file)';

/** What a rules file declares. */
export interface RulesFile {
  readonly rules: readonly TriggerRule[];
  /** The `webhooks:` section, checked and with defaults (empty when absent). */
  readonly webhooks: readonly ResolvedWebhookConfig[];
}

/**
 * Validates a parsed rules document `{ rules: [...], webhooks?: [...] }`. Returns its rules and
 * webhooks, or throws one TRIGGER_ERR_INVALID_RULES error listing every problem of every rule and
 * webhook. `webhook:<name>` targets must name a webhook of the file (or of `options.webhooks`).
 */
export function parseRulesDocument(doc: unknown, file: string, options: ValidateRuleOptions = {}): RulesFile {
  const problems: RuleProblem[] = [];
  const top = createProblemSink(FILE, problems);
  if (!isRecord(doc) || !Array.isArray(doc.rules)) {
    top.add('rules', 'the file must be a map with a list "rules:" (see triggers/README.md)');
    throw new InvalidRulesError(file, problems);
  }
  checkKeys(doc, ['rules', 'webhooks'], '', top);
  const section = readWebhooksSection(doc.webhooks, problems);
  const ruleOptions = { webhooks: options.webhooks ?? section.names };
  const rules: TriggerRule[] = [];
  const firstIndex = new Map<string, number>();
  doc.rules.forEach((raw: unknown, index: number) => {
    const name = isRecord(raw) ? raw.name : undefined;
    const rule = validateRule(raw, index, problems, ruleOptions);
    if (typeof name === 'string') {
      const first = firstIndex.get(name);
      if (first !== undefined) {
        createProblemSink(`"${name}" (rules[${index}])`, problems).add(
          'name',
          `already used by rules[${first}]; names are unique`,
        );
      } else firstIndex.set(name, index);
    }
    if (rule !== undefined) rules.push(rule);
  });
  if (problems.length > 0) throw new InvalidRulesError(file, problems);
  return { rules, webhooks: section.webhooks };
}

/**
 * Parses YAML (or JSON, which is YAML too) with integers as bigint, so large amounts stay exact, and
 * validates it. Syntax errors are problems of `(file)` with their line and column.
 */
export function parseRulesFile(text: string, file: string, options: ValidateRuleOptions = {}): RulesFile {
  const doc = parseDocument(text, { intAsBigInt: true, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const problems: RuleProblem[] = doc.errors.map((e) => ({
      rule: FILE,
      field: e.linePos === undefined ? '' : `line ${e.linePos[0].line} column ${e.linePos[0].col}`,
      problem: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
    }));
    throw new InvalidRulesError(file, problems);
  }
  return parseRulesDocument(doc.toJS(), file, options);
}

/** The rules of a rules file's text (see parseRulesFile). */
export const parseRulesText = (
  text: string,
  file: string,
  options: ValidateRuleOptions = {},
): TriggerRule[] => [...parseRulesFile(text, file, options).rules];
