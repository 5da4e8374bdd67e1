import type { RpcEventRow } from './derive-events.ts';

/** A getEvents filter as a client sends it. */
export interface RequestFilter {
  readonly type?: string;
  readonly contractIds?: readonly string[];
  readonly topics?: readonly (readonly string[])[];
}

/** Why a request is refused, in stellar-rpc's words (protocol/get_events.go Valid). */
export function invalidFilters(filters: readonly RequestFilter[]): string | null {
  if (filters.length > 5) return 'maximum 5 filters per request';
  for (const [i, f] of filters.entries()) {
    if ((f.contractIds?.length ?? 0) > 5) return `filter ${i + 1} invalid: maximum 5 contract IDs per filter`;
    if ((f.topics?.length ?? 0) > 5) return `filter ${i + 1} invalid: maximum 5 topics per filter`;
    for (const [k, topic] of (f.topics ?? []).entries()) {
      const body = topic[topic.length - 1] === '**' ? topic.slice(0, -1) : topic;
      if (topic.length === 0)
        return `filter ${i + 1} invalid: topic ${k + 1} invalid: topic must have at least 1 segment`;
      if (body.includes('**'))
        return `filter ${i + 1} invalid: topic ${k + 1} invalid: wildcard '**' is only allowed as the last segment`;
      if (body.length > 4)
        return `filter ${i + 1} invalid: topic ${k + 1} invalid: topic cannot have more than 4 segments`;
    }
  }
  return null;
}

function topicMatches(filter: readonly string[], topic: readonly string[]): boolean {
  const flexible = filter[filter.length - 1] === '**';
  const segments = flexible ? filter.slice(0, -1) : filter;
  if (flexible ? topic.length < segments.length : topic.length !== segments.length) return false;
  return segments.every((s, i) => s === '*' || s === topic[i]);
}

/** stellar-rpc's EventFilter.Matches: type, contract ids and any topic filter must all match. */
export function matches(filters: readonly RequestFilter[], event: RpcEventRow): boolean {
  if (filters.length === 0) return true;
  return filters.some((f) => {
    const types = f.type === undefined || f.type === '' ? [] : f.type.split(',');
    if (types.length > 0 && !types.includes(event.type)) return false;
    if ((f.contractIds?.length ?? 0) > 0 && !f.contractIds?.includes(event.contractId)) return false;
    if ((f.topics?.length ?? 0) > 0 && !f.topics?.some((t) => topicMatches(t, event.topic))) return false;
    return true;
  });
}
