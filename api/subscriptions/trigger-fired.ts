import type { StoredEvent } from '../../contracts/event-store.ts';
import { RULE_NAME_PATTERN, TRIGGER_FIRED, type TriggerFired } from '../../contracts/events/trigger-fired.ts';
import { apiError } from '../errors.ts';
import { subscriptionField } from './subscription-field.ts';

export const firingNode = (event: StoredEvent) => {
  const fired = event.payload as TriggerFired;
  return {
    id: fired.id,
    rule: fired.data.rule,
    ruleKind: fired.data.ruleKind,
    ruleVersion: fired.data.ruleVersion,
    ledger: fired.ledger,
    closeTime: fired.closeTime,
    reason: fired.data.reason,
    matches: fired.data.matches,
    values: Object.entries(fired.data.values).map(([name, value]) => ({ name, value })),
    deliver: fired.data.deliver,
  };
};

/** Firings of the trigger engine as they are stored (every rule, or one), resumable with `after`. */
export const triggerFiredSubscription = subscriptionField(
  'triggerFired',
  (args: { after?: string | null; rule?: string | null }) => {
    const rule = args.rule ?? null;
    if (rule !== null && !RULE_NAME_PATTERN.test(rule))
      throw apiError(
        'API_ERR_BAD_ARGUMENT',
        `rule "${rule.slice(0, 80)}" is not a rule name (letters, digits, _ and -)`,
        {
          details: { argument: 'rule' },
        },
      );
    return {
      types: [TRIGGER_FIRED],
      itemOf: (event: StoredEvent) => {
        const node = firingNode(event);
        return rule === null || node.rule === rule ? node : null;
      },
    };
  },
);
