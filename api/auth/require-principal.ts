import type { ApiContext } from '../context.ts';
import { apiError } from '../errors.ts';

/**
 * Lets the operation through when the caller presented valid credentials, or when the field is open
 * to anonymous callers (queries only; `anonymous: 'all'` opens everything). Credentials that were
 * presented and refused are an error even on an open field.
 */
export function requirePrincipal(ctx: ApiContext, field: string, kind: 'query' | 'subscription'): void {
  if (ctx.authError !== null && ctx.authError !== undefined) throw ctx.authError;
  if (ctx.principal !== null) return;
  const open = ctx.deps.config.anonymous;
  if (open === 'all' || (kind === 'query' && open.includes(field))) return;
  throw apiError(
    'API_ERR_UNAUTHENTICATED',
    `${kind} ${field} needs credentials: send an API key (x-api-key header, or apiKey in the websocket connection_init payload) or Authorization: Bearer <JWT>`,
    { details: { field } },
  );
}
