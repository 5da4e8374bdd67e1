import { type ErrorCodeDoc, type ErrorDetails, IndexerError } from '../contracts/errors.ts';

export type ApiErrorCode =
  | 'API_ERR_BAD_QUERY'
  | 'API_ERR_QUERY_TOO_DEEP'
  | 'API_ERR_QUERY_TOO_COMPLEX'
  | 'API_ERR_BAD_ARGUMENT'
  | 'API_ERR_BAD_CURSOR'
  | 'API_ERR_PAGE_TOO_LARGE'
  | 'API_ERR_UNAUTHENTICATED'
  | 'API_ERR_FORBIDDEN'
  | 'API_ERR_RATE_LIMITED'
  | 'API_ERR_CURSOR_UNSERVABLE'
  | 'API_ERR_SLOW_CONSUMER'
  | 'API_ERR_UNAVAILABLE'
  | 'API_ERR_BAD_CONFIG'
  | 'API_ERR_KEY_NOT_FOUND'
  | 'API_ERR_INTERNAL';

export const API_ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: 'API_ERR_BAD_QUERY',
    retryable: false,
    description:
      'The GraphQL document does not parse or does not validate against the schema (unknown field, wrong argument type, missing variable). The message names the problem and its line; fix the query.',
  },
  {
    code: 'API_ERR_QUERY_TOO_DEEP',
    retryable: false,
    description:
      'The query nests selections deeper than the server allows (`maxDepth`, default 8). Flatten the query or ask for fewer nested levels.',
  },
  {
    code: 'API_ERR_QUERY_TOO_COMPLEX',
    retryable: false,
    description:
      'The query selects more fields than the server allows (`maxComplexity`, counting every field and alias, multiplied by `first` for connections). An alias bomb is refused this way; ask for fewer fields or smaller pages.',
  },
  {
    code: 'API_ERR_BAD_ARGUMENT',
    retryable: false,
    description:
      'An argument is malformed: an account or contract that is not a valid strkey, an asset that is not `native` or `CODE:ISSUER`, a hash that is not 64 hex digits, a time that is not ISO-8601, an unknown interval. The message names the argument and the accepted forms.',
  },
  {
    code: 'API_ERR_BAD_CURSOR',
    retryable: false,
    description:
      'An `after` cursor is not one this server issued for this list or subscription (corrupted, or taken from another list). Use the `cursor` or `endCursor` exactly as returned, or omit `after` to start from the beginning.',
  },
  {
    code: 'API_ERR_PAGE_TOO_LARGE',
    retryable: false,
    description:
      '`first` is below 1 or above the maximum page size (`maxPageSize`, default 200). Ask for a smaller page and follow `pageInfo.endCursor`.',
  },
  {
    code: 'API_ERR_UNAUTHENTICATED',
    retryable: false,
    description:
      'The operation needs credentials and none were valid: no `x-api-key` / `Authorization: Bearer` header (or connection_init payload for subscriptions), an unknown or revoked API key, or a JWT with a bad signature, expired, or for another issuer/audience. Create a key with `stellar-indexer keys create` or fix the token.',
  },
  {
    code: 'API_ERR_FORBIDDEN',
    retryable: false,
    description:
      'The request reached a part of the API that is disabled by configuration (for example GraphQL over GET, or an operation type the server does not offer). The message says which; use POST or ask the operator.',
  },
  {
    code: 'API_ERR_RATE_LIMITED',
    retryable: true,
    description:
      'Too many requests for this API key (or address, when anonymous) in the current window. Wait for the time given in the `retry-after` header, or ask for a key with a higher limit.',
  },
  {
    code: 'API_ERR_CURSOR_UNSERVABLE',
    retryable: false,
    description:
      'A subscription was asked to resume after a position the event store does not have (beyond its last event: the cursor comes from another store or network). Resubscribe without `after`, or against the server that issued the cursor.',
  },
  {
    code: 'API_ERR_SLOW_CONSUMER',
    retryable: true,
    description:
      'A subscriber read its events more slowly than they arrived and its bounded queue (`subscriberQueueSize`) filled up, so the server disconnected it (websocket close code 4008) instead of buffering without bound. Reconnect and resubscribe with `after` = the last cursor received; nothing is lost.',
  },
  {
    code: 'API_ERR_UNAVAILABLE',
    retryable: true,
    description:
      'The event store or ClickHouse did not answer a read (closed, locked, unreachable). The message names which; check /readyz and the server logs, then retry.',
  },
  {
    code: 'API_ERR_BAD_CONFIG',
    retryable: false,
    description:
      'The API configuration is not usable: a JWT key that does not parse, a page size or limit that is not a positive number, an unknown anonymous operation. Every problem is listed in one message; fix the options or environment variables named.',
  },
  {
    code: 'API_ERR_KEY_NOT_FOUND',
    retryable: false,
    description:
      '`stellar-indexer keys revoke` was given a key id that the key table does not hold. Run `stellar-indexer keys list` to see the ids.',
  },
  {
    code: 'API_ERR_INTERNAL',
    retryable: false,
    description:
      'A resolver failed in a way the API has no code for: a bug. The server log has the stack trace under the request id; please report it with the query.',
  },
];

/**
 * An IndexerError that GraphQL reports with its code: graphql-js copies `extensions` of the error a
 * resolver throws into the response (`errors[].extensions.code`), over HTTP and websockets alike.
 */
export class ApiError extends IndexerError {
  readonly extensions: { readonly code: string; readonly [key: string]: unknown };

  constructor(
    code: ApiErrorCode,
    message: string,
    options: ConstructorParameters<typeof IndexerError>[2] = {},
  ) {
    super(code, message, options);
    this.name = 'ApiError';
    this.extensions = { code, ...this.details };
  }
}

export function apiError(
  code: ApiErrorCode,
  message: string,
  options: { details?: ErrorDetails; cause?: unknown; retryable?: boolean } = {},
): ApiError {
  const doc = API_ERROR_CODES.find((c) => c.code === code);
  return new ApiError(code, message, {
    retryable: options.retryable ?? doc?.retryable ?? false,
    ...(options.details === undefined ? {} : { details: options.details }),
    ...(options.cause === undefined ? {} : { cause: options.cause }),
  });
}
