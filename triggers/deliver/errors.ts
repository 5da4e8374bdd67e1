import { type ErrorCodeDoc, type ErrorDetails, IndexerError } from '../../contracts/errors.ts';

export type DeliverErrorCode =
  | 'DELIVER_ERR_WEBHOOK_CONFIG'
  | 'DELIVER_ERR_PRIVATE_TARGET'
  | 'DELIVER_ERR_UNKNOWN_SINK'
  | 'DELIVER_ERR_BAD_FIRING'
  | 'DELIVER_ERR_WEBHOOK_REJECTED'
  | 'DELIVER_ERR_WEBHOOK_FAILED'
  | 'DELIVER_ERR_NATS_UNAVAILABLE'
  | 'DELIVER_ERR_STATE';

export const DELIVER_ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: 'DELIVER_ERR_WEBHOOK_CONFIG',
    retryable: false,
    description:
      'A webhook definition is not valid (name, url, secret, maxAttempts, backoffMs, maxBackoffMs, timeoutMs, allowPrivate, headers, or an unknown field). The message lists every problem with the webhook and field; fix the rules file and load it again.',
  },
  {
    code: 'DELIVER_ERR_PRIVATE_TARGET',
    retryable: false,
    description:
      'A webhook URL points at a private, loopback, link-local, unique-local, unspecified, multicast or reserved address (literally, or its hostname resolves to one), which is refused to keep firings from reaching internal services. Use a public address, or set allowPrivate: true on that webhook if the target is trusted. At delivery time the firing is dead-lettered.',
  },
  {
    code: 'DELIVER_ERR_UNKNOWN_SINK',
    retryable: false,
    description:
      'A TriggerFired event names a delivery target (`webhook:<name>` or another kind) that is not configured. The firing is dead-lettered for that target (see listDeadLetters) and not retried; add the webhook to the configuration or fix the rule.',
  },
  {
    code: 'DELIVER_ERR_BAD_FIRING',
    retryable: false,
    description:
      'An event in the triggers stream is not a valid TriggerFired (wrong type, or data without a valid rule name or deliver list). It is dead-lettered under sink `*` and skipped; details name the event id and stream revision. Check what wrote it to the stream.',
  },
  {
    code: 'DELIVER_ERR_WEBHOOK_REJECTED',
    retryable: false,
    description:
      'The webhook receiver answered with a 4xx status other than 429 (or a redirect, which is not followed), so the same request cannot succeed later. The firing is dead-lettered at once with the status; fix the receiver or the webhook URL, headers or secret.',
  },
  {
    code: 'DELIVER_ERR_WEBHOOK_FAILED',
    retryable: true,
    description:
      'A webhook POST failed with a 5xx or 429 status, a timeout, a connection error or a name that does not resolve. It is retried with exponential backoff up to maxAttempts, then dead-lettered with the last status and error; check that the receiver is up and answers within timeoutMs.',
  },
  {
    code: 'DELIVER_ERR_NATS_UNAVAILABLE',
    retryable: true,
    description:
      'The TRIGGERS JetStream stream could not be created or checked in time (NATS down, reconnecting, or running without -js). The NATS sink logs it, waits with backoff and retries the same firing; nothing is skipped. Check that nats-server runs with -js at NATS_URL.',
  },
  {
    code: 'DELIVER_ERR_STATE',
    retryable: false,
    description:
      'The delivery state file (SQLite, tables trigger_sink_progress and trigger_dead_letters) could not be opened, read or written, or was used after the dispatcher stopped. The message names the file; check that its directory is writable and that it is a SQLite file.',
  },
];

export function deliverError(
  code: DeliverErrorCode,
  message: string,
  options: { details?: ErrorDetails; cause?: unknown } = {},
): IndexerError {
  const doc = DELIVER_ERROR_CODES.find((c) => c.code === code);
  return new IndexerError(code, message, { ...options, retryable: doc?.retryable ?? false });
}
