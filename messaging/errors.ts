import { type ErrorCodeDoc, IndexerError } from '../contracts/errors.ts';

export const BUS_ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: 'BUS_ERR_BAD_URL',
    retryable: false,
    description:
      'NATS_URL (or --nats) is not a nats:// or tls:// URL with a host; fix the URL, or unset it to use the in-process bus.',
  },
  {
    code: 'BUS_ERR_CONNECT',
    retryable: true,
    description:
      'The NATS server did not accept a connection within the start-up timeout; check that it runs (with -js for JetStream) and is reachable at the URL.',
  },
  {
    code: 'BUS_ERR_UNAVAILABLE',
    retryable: true,
    description:
      'A durable publish was not acknowledged (NATS down, reconnecting, or JetStream not enabled); the message is kept and retried with the same Nats-Msg-Id, so the server drops any copy that did arrive.',
  },
  {
    code: 'BUS_ERR_STREAM',
    retryable: true,
    description:
      'Creating or updating a JetStream stream failed; check that the server runs with JetStream (-js) and that no other stream claims the same subjects.',
  },
  {
    code: 'BUS_ERR_CLOSED',
    retryable: false,
    description: 'The bus was used after close(); this is a bug in the caller.',
  },
];

export type BusErrorCode =
  | 'BUS_ERR_BAD_URL'
  | 'BUS_ERR_CONNECT'
  | 'BUS_ERR_UNAVAILABLE'
  | 'BUS_ERR_STREAM'
  | 'BUS_ERR_CLOSED';

export function busError(
  code: BusErrorCode,
  message: string,
  options: { details?: Record<string, string | number | null>; cause?: unknown } = {},
): IndexerError {
  const doc = BUS_ERROR_CODES.find((c) => c.code === code);
  return new IndexerError(code, message, { ...options, retryable: doc?.retryable ?? false });
}
