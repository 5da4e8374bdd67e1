import { backoffDelay, sleep } from './backoff.ts';
import type { DeliverLogger } from './deliver-logger.ts';
import type { ResolveHost } from './guarded-lookup.ts';
import { postWebhook } from './post-webhook.ts';
import type { Sink, SinkResult } from './sink.ts';
import type { SinkStats } from './sink-stats.ts';
import type { ResolvedWebhookConfig } from './webhook-config.ts';

/**
 * POSTs each firing that names `webhook:<name>`: retries 5xx, 429, timeouts and connection errors
 * with doubling backoff (at least the receiver's Retry-After, within maxBackoffMs) up to maxAttempts,
 * and turns a final failure, a 4xx or a refused target into a dead letter.
 */
export function createWebhookSink(options: {
  readonly webhook: ResolvedWebhookConfig;
  readonly resolve: ResolveHost;
  readonly stats: SinkStats;
  readonly logger: DeliverLogger;
}): Sink {
  const { webhook, stats, logger } = options;
  const name = `webhook:${webhook.name}`;

  return {
    name,
    wants: (firing) => firing.ok && firing.deliver.includes(name),
    async deliver(firing, signal): Promise<SinkResult> {
      if (!firing.ok) return { kind: 'skipped' };
      const where = `POST ${webhook.url} (${name}) of firing ${firing.eventId}`;
      for (let attempt = 1; ; attempt++) {
        const outcome = await postWebhook({
          webhook,
          body: firing.json,
          eventId: firing.eventId,
          resolve: options.resolve,
          signal,
        });
        if (outcome.kind === 'aborted') return outcome;
        if (outcome.kind === 'delivered') return outcome;
        const dead = (code: string, lastError: string): SinkResult => ({
          kind: 'dead',
          letters: [
            {
              eventId: firing.eventId,
              rule: firing.rule,
              sink: name,
              attempts: attempt,
              lastStatus: outcome.status,
              lastError,
              code,
            },
          ],
        });
        if (outcome.kind === 'reject') return dead(outcome.code, `${where}: ${outcome.error}; not retried`);
        if (attempt >= webhook.maxAttempts)
          return dead(
            'DELIVER_ERR_WEBHOOK_FAILED',
            `${where}: ${outcome.error}; gave up after ${attempt} attempt(s)`,
          );
        const backoff = backoffDelay(webhook.backoffMs, attempt, webhook.maxBackoffMs);
        const delay = Math.min(webhook.maxBackoffMs, Math.max(backoff, outcome.retryAfterMs ?? 0));
        stats.retries += 1;
        logger.debug(
          {
            sink: name,
            eventId: firing.eventId,
            attempt,
            status: outcome.status,
            err: outcome.error,
            retryInMs: delay,
          },
          'trigger delivery: webhook attempt failed; retrying',
        );
        if (!(await sleep(delay, signal))) return { kind: 'aborted' };
      }
    },
  };
}
