import { IndexerError } from '../../contracts/errors.ts';
import { TRIGGER_ERR_INVALID_RULES } from '../errors.ts';
import type { RuleProblem } from './rule-types.ts';

/** One line per problem: rule, field, what is wrong. */
export const problemLine = (p: RuleProblem): string =>
  `${p.rule} ${p.field === '' ? '(rule)' : p.field}: ${p.problem}`;

/** TRIGGER_ERR_INVALID_RULES with every problem of the file, also as data in `problems`. */
export class InvalidRulesError extends IndexerError {
  readonly problems: readonly RuleProblem[];

  constructor(file: string, problems: readonly RuleProblem[]) {
    const n = problems.length;
    super(
      TRIGGER_ERR_INVALID_RULES,
      `rules file ${file} has ${n} problem${n === 1 ? '' : 's'}:\n${problems
        .map((p) => `  - ${problemLine(p)}`)
        .join('\n')}\nfix ${n === 1 ? 'it' : 'them'} and load the file again (format: triggers/README.md)`,
      { details: { file, problems: n } },
    );
    this.problems = problems;
  }
}
