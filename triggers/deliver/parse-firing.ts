import type { StoredEvent } from '../../contracts/event-store.ts';
import { RULE_NAME_PATTERN, TRIGGER_FIRED } from '../../contracts/events/trigger-fired.ts';

/** A stored event of the triggers stream as the sinks see it. */
export type Firing =
  | {
      readonly ok: true;
      readonly eventId: string;
      readonly revision: bigint;
      readonly rule: string;
      /** Distinct delivery targets, in the order the rule named them. */
      readonly deliver: readonly string[];
      /** The whole stored payload as JSON: the NATS message and the webhook body. */
      readonly json: string;
    }
  | {
      readonly ok: false;
      readonly eventId: string;
      readonly revision: bigint;
      readonly rule: string;
      readonly reason: string;
    };

export function parseFiring(event: StoredEvent): Firing {
  const base = { eventId: event.id, revision: event.revision };
  const payload = event.payload as { data?: { rule?: unknown; deliver?: unknown } } | null;
  const data = typeof payload === 'object' && payload !== null ? payload.data : undefined;
  const rule = typeof data?.rule === 'string' ? data.rule : '?';
  const bad = (reason: string): Firing => ({ ok: false, ...base, rule, reason });
  if (event.type !== TRIGGER_FIRED) return bad(`event type ${event.type} is not ${TRIGGER_FIRED}`);
  if (typeof data !== 'object' || data === null) return bad('payload has no data object');
  if (!RULE_NAME_PATTERN.test(rule))
    return bad(`data.rule ${JSON.stringify(data.rule)} is not a valid rule name`);
  const deliver = data.deliver;
  if (!Array.isArray(deliver) || deliver.some((d) => typeof d !== 'string'))
    return bad('data.deliver is not a list of strings');
  return {
    ok: true,
    ...base,
    rule,
    deliver: [...new Set(deliver as string[])],
    json: JSON.stringify(event.payload),
  };
}
