import type { RuleProblem } from './rule-types.ts';

/** Collects problems of one rule (or of the file) so that every one is reported at once. */
export interface ProblemSink {
  add(field: string, problem: string): void;
  readonly count: number;
}

export function createProblemSink(rule: string, out: RuleProblem[]): ProblemSink {
  let count = 0;
  return {
    add(field, problem) {
      count += 1;
      out.push({ rule, field, problem });
    },
    get count() {
      return count;
    },
  };
}

/** `field.sub`, without a leading dot when the parent is empty. */
export const join = (parent: string, child: string): string => (parent === '' ? child : `${parent}.${child}`);

/** A value shown in a problem: short, quoted JSON. */
export function shown(value: unknown): string {
  const text =
    typeof value === 'bigint'
      ? value.toString()
      : value === undefined
        ? 'nothing'
        : JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  const s = text ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}
