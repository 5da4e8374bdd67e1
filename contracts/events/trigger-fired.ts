import type { EventEnvelope } from './envelope.ts';

export const TRIGGER_FIRED = 'TriggerFired';
export const TRIGGER_FIRED_VERSION = 1;

/** Rule names are also NATS subject tokens (`triggers.<rule>`): letters, digits, `_` and `-`. */
export const RULE_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The stream every firing is appended to, in firing order. */
export const TRIGGERS_STREAM = 'triggers';

/** `<rule>:<ledger>`: a rule fires at most once per ledger, so a re-evaluated ledger gives the same ID. */
export const triggerFiredId = (rule: string, ledger: number): string => `${rule}:${ledger}`;

/** One stored fact that made an event rule's condition true. */
export interface TriggerMatch {
  readonly type: string;
  readonly id: string;
  /** Store position of the matched event, as a decimal string. */
  readonly position: string;
}

/**
 * A rule's condition became true at a ledger (the audit trail of the trigger engine). It replays like
 * any other fact; deliveries (NATS JetStream, webhooks, GraphQL) carry it as is.
 */
export interface TriggerFiredData {
  readonly rule: string;
  readonly ruleKind: 'event' | 'readModel';
  /** SHA-256 (hex, first 16 chars) of the rule's normalized definition when it fired. */
  readonly ruleVersion: string;
  /** Why it fired, in one sentence a person can read. */
  readonly reason: string;
  /** Event rules: the facts of the ledger that matched, in store order. Empty for read-model rules. */
  readonly matches: readonly TriggerMatch[];
  /** Read-model rules: what was measured and compared (exact decimal strings). */
  readonly values: { readonly [name: string]: string };
  /** Where it is delivered: `nats`, `webhook:<name>`. GraphQL subscribers always see it. */
  readonly deliver: readonly string[];
}

export type TriggerFired = EventEnvelope<typeof TRIGGER_FIRED, TriggerFiredData>;
