import { EFFECT_RECORDED } from '../../contracts/events/effect-recorded.ts';
import { HORIZON_LEDGER_RECORDED } from '../../contracts/events/horizon-ledger-recorded.ts';
import { LEDGER_FACT_TYPES } from '../../contracts/events/index.ts';
import { RULE_NAME_PATTERN, TRIGGER_FIRED } from '../../contracts/events/trigger-fired.ts';
import { createProblemSink, type ProblemSink, shown } from './problems.ts';
import type { Rearm, RuleProblem, TriggerRule } from './rule-types.ts';
import { ruleVersion } from './rule-version.ts';
import { validateCondition } from './validate-condition.ts';
import { validateWhere } from './validate-where.ts';
import { checkKeys, isRecord, readSeconds } from './values.ts';

/** Fact types an event rule may watch. */
export const WATCHABLE_EVENT_TYPES: readonly string[] = [
  ...LEDGER_FACT_TYPES,
  EFFECT_RECORDED,
  HORIZON_LEDGER_RECORDED,
];

const FIELDS = ['name', 'kind', 'event', 'where', 'condition', 'rearm', 'cooldownSeconds', 'deliver'];
const WEBHOOK = /^webhook:[A-Za-z0-9_.-]{1,64}$/;
/** Cooldowns up to 366 days. */
const COOLDOWN = { min: 0, max: 366 * 86_400 };

export interface ValidateRuleOptions {
  /** Webhook names `webhook:<name>` targets may use; when given, every target must be one of them. */
  readonly webhooks?: readonly string[];
}

function readDeliver(raw: unknown, sink: ProblemSink, options: ValidateRuleOptions): string[] | undefined {
  if (raw === undefined) return ['nats'];
  if (!Array.isArray(raw) || raw.length === 0) {
    sink.add('deliver', `${shown(raw)} is not a non-empty list of targets (nats, webhook:<name>)`);
    return undefined;
  }
  const before = sink.count;
  raw.forEach((target, i) => {
    const at = `deliver[${i}]`;
    if (target !== 'nats' && !(typeof target === 'string' && WEBHOOK.test(target))) {
      sink.add(at, `${shown(target)} is not a target; use nats or webhook:<name> (letters, digits, _ . -)`);
    } else if (raw.indexOf(target) !== i) {
      sink.add(at, `${target} is listed twice`);
    } else if (
      target !== 'nats' &&
      options.webhooks !== undefined &&
      !options.webhooks.includes(target.slice(8))
    ) {
      const known =
        options.webhooks.length === 0
          ? 'the file declares no webhooks:'
          : `declared: ${options.webhooks.join(', ')}`;
      sink.add(at, `no webhook named ${target.slice(8)} (${known})`);
    }
  });
  return sink.count === before ? (raw as string[]) : undefined;
}

function readEventType(raw: unknown, sink: ProblemSink): string | undefined {
  if (raw === TRIGGER_FIRED) {
    sink.add(
      'event',
      'a rule cannot watch TriggerFired: firings are appended after their ledger is evaluated',
    );
  } else if (typeof raw !== 'string' || !WATCHABLE_EVENT_TYPES.includes(raw)) {
    sink.add(
      'event',
      `${shown(raw)} is not a stored fact type; expected one of ${WATCHABLE_EVENT_TYPES.join(', ')}`,
    );
  } else return raw;
  return undefined;
}

/** Label of a rule in problems: its name when usable, always its index. */
export function ruleLabel(raw: unknown, index: number): string {
  const name = isRecord(raw) ? raw.name : undefined;
  return typeof name === 'string' && RULE_NAME_PATTERN.test(name)
    ? `"${name}" (rules[${index}])`
    : `rules[${index}]`;
}

/** One rule of the file: the rule with defaults and version, or undefined after adding its problems. */
export function validateRule(
  raw: unknown,
  index: number,
  out: RuleProblem[],
  options: ValidateRuleOptions = {},
): TriggerRule | undefined {
  const sink = createProblemSink(ruleLabel(raw, index), out);
  if (!isRecord(raw)) {
    sink.add('', `${shown(raw)} is not a rule (a map with name, kind, …)`);
    return undefined;
  }
  checkKeys(raw, FIELDS, '', sink);
  const { name, kind } = raw;
  if (typeof name !== 'string' || !RULE_NAME_PATTERN.test(name)) {
    sink.add(
      'name',
      `${shown(name)} is not a rule name: 1-64 letters, digits, _ or - (it becomes a NATS subject token)`,
    );
  }
  if (kind !== 'event' && kind !== 'readModel') sink.add('kind', `${shown(kind)} is not event or readModel`);
  const rearm = raw.rearm ?? (kind === 'readModel' ? 'onClear' : 'always');
  if (rearm !== 'always' && rearm !== 'onClear')
    sink.add('rearm', `${shown(rearm)} is not always or onClear`);
  const cooldownSeconds =
    raw.cooldownSeconds === undefined
      ? 0
      : readSeconds(raw.cooldownSeconds, 'cooldownSeconds', sink, COOLDOWN);
  const deliver = readDeliver(raw.deliver, sink, options);

  let body: Record<string, unknown> | undefined;
  if (kind === 'event') {
    if (raw.condition !== undefined)
      sink.add('condition', 'event rules have no condition; use where (or kind: readModel)');
    const event = readEventType(raw.event, sink);
    const where = validateWhere(
      raw.where,
      'where',
      typeof raw.event === 'string' ? raw.event : undefined,
      sink,
    );
    body = event === undefined || where === undefined ? undefined : { event, where };
  } else if (kind === 'readModel') {
    if (raw.event !== undefined)
      sink.add('event', 'read-model rules watch no event; remove it (or use kind: event)');
    if (raw.where !== undefined)
      sink.add('where', 'read-model rules have no where; put the test in condition');
    const condition = validateCondition(raw.condition, 'condition', sink);
    body = condition === undefined ? undefined : { condition };
  }
  if (sink.count > 0 || body === undefined || cooldownSeconds === undefined || deliver === undefined)
    return undefined;
  const rule = { name, kind, rearm: rearm as Rearm, cooldownSeconds, deliver, ...body } as Omit<
    TriggerRule,
    'version'
  >;
  return { ...rule, version: ruleVersion(rule) } as TriggerRule;
}
