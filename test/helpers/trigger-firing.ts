import type { NewEvent } from '../../contracts/event-store.ts';
import {
  TRIGGER_FIRED,
  TRIGGER_FIRED_VERSION,
  type TriggerFired,
  type TriggerFiredData,
  triggerFiredId,
} from '../../contracts/events/trigger-fired.ts';

/**
 * A TriggerFired as the engine would append it, for tests of what consumes firings (delivery, the
 * GraphQL subscription). `data` overrides the defaults of an event rule's firing.
 */
export function triggerFiredEvent(
  rule: string,
  ledger: number,
  options: {
    readonly network?: string;
    readonly closeTime?: string;
    readonly data?: Partial<TriggerFiredData>;
  } = {},
): NewEvent {
  const payload: TriggerFired = {
    id: triggerFiredId(rule, ledger),
    type: TRIGGER_FIRED,
    schemaVersion: TRIGGER_FIRED_VERSION,
    network: options.network ?? 'testnet',
    ledger,
    closeTime: options.closeTime ?? new Date(Date.UTC(2025, 0, 1) + ledger * 5000).toISOString(),
    txHash: null,
    data: {
      rule,
      ruleKind: 'event',
      ruleVersion: '0123456789abcdef',
      reason: `transfer above 1000 XLM at ledger ${ledger}`,
      matches: [{ type: 'TokenTransferred', id: `${ledger}-1`, position: String(ledger * 10) }],
      values: { amount: '12345678901234567890' },
      deliver: ['nats'],
      ...options.data,
    },
  };
  return { type: TRIGGER_FIRED, id: payload.id, ledger, payload };
}
