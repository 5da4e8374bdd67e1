import type { Sink } from './sink.ts';

/**
 * Dead-letters what no sink will deliver: targets of a firing that are not configured
 * (`webhook:<unknown>`, an unknown kind) and stream events that are not valid firings (sink `*`).
 */
export function createUnroutedSink(known: ReadonlySet<string>): Sink {
  return {
    name: 'unrouted',
    wants: (firing) => !firing.ok || firing.deliver.some((target) => !known.has(target)),
    async deliver(firing) {
      if (!firing.ok)
        return {
          kind: 'dead',
          letters: [
            {
              eventId: firing.eventId,
              rule: firing.rule,
              sink: '*',
              attempts: 0,
              lastStatus: null,
              lastError: `triggers stream revision ${firing.revision} (${firing.eventId}) is not a valid TriggerFired: ${firing.reason}; skipped`,
              code: 'DELIVER_ERR_BAD_FIRING',
            },
          ],
        };
      const configured = [...known].filter((k) => k.startsWith('webhook:')).join(', ') || 'none';
      return {
        kind: 'dead',
        letters: firing.deliver
          .filter((target) => !known.has(target))
          .map((target) => ({
            eventId: firing.eventId,
            rule: firing.rule,
            sink: target,
            attempts: 0,
            lastStatus: null,
            lastError: `rule ${firing.rule} delivers to ${target}, which is not configured (webhooks: ${configured}); add it to the webhooks or fix the rule's deliver list`,
            code: 'DELIVER_ERR_UNKNOWN_SINK',
          })),
      };
    },
  };
}
