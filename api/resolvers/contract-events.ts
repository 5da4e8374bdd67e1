import type { ApiContext } from '../context.ts';
import { apiError } from '../errors.ts';
import { contractArg } from '../read/args.ts';
import type { PageArgs } from '../read/connection.ts';
import { type ListSpec, readList } from '../read/read-list.ts';
import { bool, num, numOrNull, type Row, str, strOrNull, time } from './rows.ts';

export const contractEventNode = (r: Row) => ({
  id: str(r.id),
  contractId: strOrNull(r.contract_id === '' ? null : r.contract_id),
  ledger: num(r.ledger),
  closeTime: time(r.close_time),
  txHash: str(r.tx_hash),
  eventType: str(r.event_type),
  opIndex: numOrNull(r.op_index),
  eventIndex: num(r.event_index),
  stage: strOrNull(r.stage),
  inSuccessfulCall: bool(r.in_successful_call),
  topics: [r.topic0, r.topic1, r.topic2, r.topic3].slice(0, num(r.topic_count)).map(str),
  topicsJson: str(r.topics),
  data: str(r.data),
});

const CONTRACT_EVENTS: ListSpec<Row, ReturnType<typeof contractEventNode>> = {
  list: 'contractEvents',
  from: 'contract_events',
  select: '*',
  sort: [{ sql: 'id', type: 'String' }],
  keyOf: (r) => [str(r.id)],
  nodeOf: contractEventNode,
};

/** Topic filters by position: null (or absent) matches anything; at most 4 positions. */
export function topicFilters(topics: readonly (string | null)[] | null | undefined): (string | null)[] {
  const list = [...(topics ?? [])];
  if (list.length > 4)
    throw apiError(
      'API_ERR_BAD_ARGUMENT',
      `topics has ${list.length} positions; contract events have at most 4`,
      {
        details: { argument: 'topics' },
      },
    );
  return list;
}

export const contractEventResolvers = {
  contractEvents: (
    _: unknown,
    args: PageArgs & { contract: string; topics?: (string | null)[] | null },
    ctx: ApiContext,
  ) => {
    const params: Record<string, unknown> = { contract: contractArg(args.contract, 'contract') };
    const filters = ['contract_id = {contract:String}'];
    topicFilters(args.topics).forEach((topic, i) => {
      if (topic === null) return;
      params[`t${i}`] = topic;
      filters.push(`topic${i} = {t${i}:String}`);
    });
    return readList(ctx.deps.ch, ctx.deps.config, CONTRACT_EVENTS, filters, params, args);
  },
};
