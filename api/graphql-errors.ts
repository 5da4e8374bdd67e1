import type { GraphQLError } from 'graphql';
import mercurius, { type MercuriusContext } from 'mercurius';
import { hasErrorCode } from '../contracts/errors.ts';
import { graphql } from './graphql-cjs.ts';

const { defaultErrorFormatter } = mercurius;
type Execution = Parameters<typeof defaultErrorFormatter>[0];

/** Validation errors come wrapped in one mercurius error; unwrap them. */
function flatten(errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.flatMap((e) => {
    const inner = (e.originalError as { errors?: unknown } | undefined)?.errors;
    return Array.isArray(inner)
      ? (inner as GraphQLError[]).map((i) => (i instanceof graphql.GraphQLError ? i : toGraphQL(i)))
      : [e];
  });
}

const toGraphQL = (e: Error): GraphQLError => new graphql.GraphQLError(e.message, { originalError: e });

/** The code a GraphQL error is reported with: its own, its cause's, or by kind. */
export function codeOf(error: GraphQLError): string {
  const own = error.extensions?.code;
  if (typeof own === 'string') return own;
  if (hasErrorCode(error.originalError)) return error.originalError.code;
  // Without a path the error is about the document (syntax, validation), not a resolver.
  return error.path === undefined ? 'API_ERR_BAD_QUERY' : 'API_ERR_INTERNAL';
}

export function withCode(error: GraphQLError): GraphQLError {
  const code = codeOf(error);
  if (error.extensions?.code === code) return error;
  return new graphql.GraphQLError(error.message, {
    nodes: error.nodes ?? null,
    source: error.source ?? null,
    positions: error.positions ?? null,
    path: error.path ?? null,
    originalError: error.originalError ?? null,
    extensions: { ...error.extensions, code },
  });
}

/** mercurius's formatter, after giving every error an `extensions.code`. */
export function formatErrors(execution: Execution, ctx: MercuriusContext) {
  const errors = flatten((execution.errors ?? []) as GraphQLError[]).map(withCode);
  const internal = errors.filter((e) => e.extensions.code === 'API_ERR_INTERNAL');
  for (const e of internal) ctx.app?.log.error({ err: e.originalError ?? e }, 'resolver failed');
  return defaultErrorFormatter({ ...execution, errors } as Execution, ctx);
}
