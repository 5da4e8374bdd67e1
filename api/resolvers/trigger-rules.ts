import { hasErrorCode } from '../../contracts/errors.ts';
import type { RegisteredRule } from '../../triggers/rules/rule-registry.ts';
import { ruleVersion } from '../../triggers/rules/rule-version.ts';
import type { ApiContext } from '../context.ts';
import { apiError } from '../errors.ts';

const ruleNode = (r: RegisteredRule) => ({
  name: r.rule.name,
  kind: r.rule.kind,
  version: ruleVersion(r.rule),
  definition: r.definition,
  updatedAt: r.updatedAt,
  updatedBy: r.updatedBy,
});

/** Managing rules needs credentials always (even with --public): it changes what the engine does. */
function registryFor(ctx: ApiContext, field: string) {
  if (ctx.authError !== null && ctx.authError !== undefined) throw ctx.authError;
  if (ctx.principal === null)
    throw apiError(
      'API_ERR_UNAUTHENTICATED',
      `${field} needs credentials (an API key or a JWT), whatever the anonymous settings`,
      { details: { field } },
    );
  const registry = ctx.deps.ruleRegistry;
  if (registry === null)
    throw apiError(
      'API_ERR_UNAVAILABLE',
      `${field}: this server has no trigger state file (--triggers-state)`,
      {
        details: { field },
      },
    );
  return { registry, by: ctx.principal.id };
}

/** Problems of an invalid rule as GraphQL error extensions: every one, with field and problem. */
function withProblems(error: unknown): unknown {
  if (!hasErrorCode(error, 'TRIGGER_ERR_INVALID_RULES')) return error;
  const problems = (error as { problems?: unknown }).problems;
  return Object.assign(error, { extensions: { code: error.code, problems } });
}

export const triggerRuleQueries = {
  triggerRules: (_root: unknown, _args: unknown, ctx: ApiContext) =>
    registryFor(ctx, 'triggerRules').registry.list().map(ruleNode),
};

export const triggerRuleMutations = {
  putTriggerRule: (_root: unknown, args: { definition: string }, ctx: ApiContext) => {
    const { registry, by } = registryFor(ctx, 'putTriggerRule');
    if (args.definition.length > 16_384)
      throw apiError('API_ERR_BAD_ARGUMENT', 'definition is longer than 16 KiB', {
        details: { argument: 'definition' },
      });
    try {
      return ruleNode(registry.put(args.definition, by));
    } catch (error) {
      throw withProblems(error);
    }
  },
  deleteTriggerRule: (_root: unknown, args: { name: string }, ctx: ApiContext) =>
    registryFor(ctx, 'deleteTriggerRule').registry.remove(args.name),
};
