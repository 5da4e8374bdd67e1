import type { StoredEvent } from '../../contracts/event-store.ts';
import {
  TRIGGER_FIRED,
  TRIGGER_FIRED_VERSION,
  type TriggerFired,
  type TriggerMatch,
  triggerFiredId,
} from '../../contracts/events/trigger-fired.ts';
import { describeWhere } from '../match/describe-where.ts';
import type { EventRule, TriggerRule } from '../rules/rule-types.ts';

export interface LedgerHeader {
  readonly ledger: number;
  /** ISO-8601 UTC. */
  readonly closeTime: string;
  readonly network: string;
}

/** The TriggerFired fact of a rule at a ledger. */
export function buildFiring(
  rule: TriggerRule,
  header: LedgerHeader,
  why: { reason: string; matches: readonly TriggerMatch[]; values: { readonly [name: string]: string } },
): TriggerFired {
  return {
    id: triggerFiredId(rule.name, header.ledger),
    type: TRIGGER_FIRED,
    schemaVersion: TRIGGER_FIRED_VERSION,
    network: header.network,
    ledger: header.ledger,
    closeTime: header.closeTime,
    txHash: null,
    data: {
      rule: rule.name,
      ruleKind: rule.kind,
      ruleVersion: rule.version,
      reason: why.reason,
      matches: why.matches,
      values: why.values,
      deliver: rule.deliver,
    },
  };
}

export const matchOf = (event: StoredEvent): TriggerMatch => ({
  type: event.type,
  id: event.id,
  position: event.position.toString(),
});

/** Why an event rule fired, e.g. `2 TokenTransferred in ledger 5 matched amount >= 10 (first 0001-0002)`. */
export function eventReason(rule: EventRule, ledger: number, matched: readonly StoredEvent[]): string {
  const where = describeWhere(rule.where);
  const first = matched[0]?.id ?? '';
  return `${matched.length} ${rule.event} event${matched.length === 1 ? '' : 's'} in ledger ${ledger} matched${
    where === '' ? '' : ` ${where}`
  } (first ${first})`;
}
