/** Who is asking: an API key or a JWT subject. Anonymous requests have no principal. */
export interface Principal {
  readonly kind: 'key' | 'jwt';
  /** `key:<id>` or `jwt:<sub>`: the rate-limit bucket. */
  readonly id: string;
  /** Requests per window for this principal; null: the server default. */
  readonly rateLimit: number | null;
}

/** What the request's credentials came to: a principal, none given, or given and refused (and why). */
export type Authentication =
  | { readonly principal: Principal; readonly error: null }
  | { readonly principal: null; readonly error: null }
  | { readonly principal: null; readonly error: Error };

export const ANONYMOUS: Authentication = { principal: null, error: null };
