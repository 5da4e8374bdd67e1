import { horizonError } from './errors.ts';

/** The Horizon collections this indexer can stream, and the fact type each one becomes. */
export const HORIZON_ENDPOINTS = [
  'ledgers',
  'transactions',
  'operations',
  'effects',
  'trades',
  'payments',
] as const;

export type HorizonEndpoint = (typeof HORIZON_ENDPOINTS)[number];

export function parseEndpoint(value: string, source: string): HorizonEndpoint {
  const name = value.replace(/^\/+/, '');
  if ((HORIZON_ENDPOINTS as readonly string[]).includes(name)) return name as HorizonEndpoint;
  throw horizonError(
    'INGEST_ERR_HORIZON_CONFIG',
    `Horizon endpoint "${value}" cannot be streamed; use one of ${HORIZON_ENDPOINTS.join(', ')}`,
    { source, option: 'endpoint', endpoint: value },
  );
}

/**
 * Query parameters each endpoint is streamed with: failed transactions are facts too, and operations
 * need their transaction's XDR (joined in the same record) to be decoded exactly.
 */
export function endpointQuery(endpoint: HorizonEndpoint): Record<string, string> {
  switch (endpoint) {
    case 'transactions':
      return { include_failed: 'true' };
    case 'operations':
    case 'payments':
      return { include_failed: 'true', join: 'transactions' };
    default:
      return {};
  }
}

/** `https://h/` + `operations` + query → the stream URL. */
export function endpointUrl(
  baseUrl: string,
  endpoint: HorizonEndpoint,
  query: Record<string, string>,
): string {
  const url = new URL(endpoint, baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`);
  for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
  return url.toString();
}
