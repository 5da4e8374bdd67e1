import type { FastifyInstance } from 'fastify';

export interface GraphQLResponse {
  readonly status: number;
  readonly data: Record<string, unknown> | null;
  readonly errors: { message: string; extensions?: { code?: string } }[] | undefined;
}

/** POST /graphql through app.inject. */
export async function gql(
  app: FastifyInstance,
  query: string,
  options: { variables?: Record<string, unknown>; headers?: Record<string, string> } = {},
): Promise<GraphQLResponse> {
  const response = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: { query, ...(options.variables === undefined ? {} : { variables: options.variables }) },
    ...(options.headers === undefined ? {} : { headers: options.headers }),
  });
  const body = JSON.parse(response.body) as {
    data?: Record<string, unknown> | null;
    errors?: GraphQLResponse['errors'];
  };
  return { status: response.statusCode, data: body.data ?? null, errors: body.errors };
}

export const codes = (r: GraphQLResponse): (string | undefined)[] =>
  (r.errors ?? []).map((e) => e.extensions?.code);
