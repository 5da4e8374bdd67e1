import { Address, nativeToScVal, StrKey, xdr } from '@stellar/stellar-sdk';
import { rpcEventsError } from './errors.ts';

/** getEvents limits (stellar-rpc protocol/get_events.go). */
export const MAX_FILTERS = 5;
export const MAX_CONTRACT_IDS = 5;
export const MAX_TOPIC_FILTERS = 5;
export const MAX_TOPIC_SEGMENTS = 4;

/** What the user follows: contracts (any number up to 25) and topic filters shared by all of them. */
export interface EventFilterSpec {
  readonly contractIds: readonly string[];
  /** Topic filters, each a list of segments: `*`, `**` (last only), `sym:NAME`, `str:TEXT`, `addr:…`, or base64 ScVal. */
  readonly topics: readonly (readonly string[])[];
  /** `contract` or `system`; undefined for both. */
  readonly type?: 'contract' | 'system' | undefined;
}

/** One getEvents filter as the RPC takes it. */
export interface RpcEventFilter {
  readonly type?: string;
  readonly contractIds?: readonly string[];
  readonly topics?: readonly (readonly string[])[];
}

function invalid(message: string, value: string, source: string) {
  return rpcEventsError('INGEST_ERR_RPC_EVENTS_FILTER', message, { source, value });
}

/** One topic segment as the RPC takes it: a wildcard, or a base64 XDR ScVal. */
export function encodeSegment(segment: string, source: string): string {
  if (segment === '*' || segment === '**') return segment;
  try {
    if (segment.startsWith('sym:'))
      return nativeToScVal(segment.slice(4), { type: 'symbol' }).toXDR('base64');
    if (segment.startsWith('str:'))
      return nativeToScVal(segment.slice(4), { type: 'string' }).toXDR('base64');
    if (segment.startsWith('addr:')) return Address.fromString(segment.slice(5)).toScVal().toXDR('base64');
    return xdr.ScVal.fromXDR(segment, 'base64').toXDR('base64');
  } catch (cause) {
    throw rpcEventsError(
      'INGEST_ERR_RPC_EVENTS_FILTER',
      `topic segment "${segment}" is not "*", "**", sym:NAME, str:TEXT, addr:G…|C… or a base64 ScVal (${(cause as Error).message})`,
      { source, value: segment },
      cause,
    );
  }
}

function encodeTopic(topic: readonly string[], source: string): string[] {
  const text = topic.join(',');
  if (topic.length === 0) throw invalid('a topic filter needs at least one segment', text, source);
  const body = topic[topic.length - 1] === '**' ? topic.slice(0, -1) : topic;
  if (body.includes('**'))
    throw invalid(`"**" is allowed only as the last segment (topic ${text})`, text, source);
  if (body.length > MAX_TOPIC_SEGMENTS) {
    throw invalid(
      `a topic filter has at most ${MAX_TOPIC_SEGMENTS} segments besides a trailing "**" (topic ${text})`,
      text,
      source,
    );
  }
  return topic.map((s) => encodeSegment(s, source));
}

/**
 * The getEvents filters for a spec: contracts in groups of 5 (one filter each, all with the same topic
 * filters and type), at most 5 filters: 25 contracts per request. Larger sets are refused rather than
 * split over several cursors; follow them as separate streams.
 */
export function planFilters(spec: EventFilterSpec, source: string): RpcEventFilter[] {
  for (const id of spec.contractIds) {
    if (!StrKey.isValidContract(id)) throw invalid(`"${id}" is not a contract id (C… strkey)`, id, source);
  }
  if (spec.topics.length > MAX_TOPIC_FILTERS) {
    throw invalid(
      `at most ${MAX_TOPIC_FILTERS} topic filters per stream, got ${spec.topics.length}`,
      String(spec.topics.length),
      source,
    );
  }
  const topics = spec.topics.map((t) => encodeTopic(t, source));
  const ids = [...new Set(spec.contractIds)].sort();
  const common = {
    ...(spec.type === undefined ? {} : { type: spec.type }),
    ...(topics.length === 0 ? {} : { topics }),
  };
  if (ids.length === 0) return [common];
  const filters: RpcEventFilter[] = [];
  for (let i = 0; i < ids.length; i += MAX_CONTRACT_IDS) {
    filters.push({ ...common, contractIds: ids.slice(i, i + MAX_CONTRACT_IDS) });
  }
  if (filters.length > MAX_FILTERS) {
    throw invalid(
      `${ids.length} contracts need ${filters.length} getEvents filters but a request takes ${MAX_FILTERS} (${MAX_FILTERS * MAX_CONTRACT_IDS} contracts); follow them as separate streams`,
      String(ids.length),
      source,
    );
  }
  return filters;
}

/** A stable text of the planned filters, stored with the cursor: resuming with others is refused. */
export const filtersKey = (filters: readonly RpcEventFilter[]): string => JSON.stringify(filters);
