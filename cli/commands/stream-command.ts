import { resolveNetwork } from '../../contracts/network.ts';
import { DEFAULT_STORE_URI, openEventStore } from '../../event-store/open-event-store.ts';
import { parseEndpoint } from '../../ingest/horizon/endpoints.ts';
import { streamHorizon } from '../../ingest/horizon/stream-horizon.ts';
import { createHttpClient } from '../../ingest/remote/http/index.ts';
import { streamRpcEvents } from '../../ingest/rpc-events/stream-rpc-events.ts';
import { cliError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { ledgerOption, parseOptions } from '../parse-options.ts';

export const STREAM_USAGE = `stellar-indexer stream --source horizon:URL --endpoint E --network NET [--cursor now|TOKEN] [--to N] [--until-cursor T] [--store URI] [--json]
stellar-indexer stream --source rpc-events:URL --network NET --contract C… [--contract C…] [--topic SEGS]… [--from N] [--to N] [--until-caught-up] [--store URI] [--json]
  --source horizon:URL    follow a Horizon collection over Server-Sent Events
  --endpoint E            ledgers | transactions | operations | effects | trades | payments
  --cursor now|TOKEN      where a new stream starts (default now); a rerun resumes after the stored cursor
  --until-cursor T        stop once the record with paging token T is stored
  --source rpc-events:URL follow contract events through Stellar RPC getEvents
  --contract C…           a contract to follow (repeat; up to 25)
  --topic SEGS            a topic filter: comma-separated segments *, **, sym:NAME, str:TEXT, addr:G…|C…, base64 ScVal (repeat; up to 5)
  --type contract|system  only events of this type
  --from N                first ledger of a new stream (default: the server's latest)
  --to N                  stop after ledger N
  --until-caught-up       stop once caught up with the server instead of following it
  --page-limit N          events per getEvents page (default 1000)
  --stall-timeout MS      reconnect or retry when a response sends nothing for MS (default 60000)
  --retries N             attempts per request or reconnection before giving up (default 6)
  --store URI             sqlite:PATH (default ${DEFAULT_STORE_URI}) | esdb://… | kurrentdb://…
  --json                  print a one-line JSON summary as the last line of stdout`;

function positive(value: string | undefined, name: string): number | undefined {
  const n = ledgerOption(value, name);
  if (n === 0) throw cliError('CLI_ERR_BAD_OPTION', `--${name} must be at least 1`, { option: name });
  return n;
}

function splitSource(source: string): { kind: 'horizon' | 'rpc-events'; url: string } {
  const m = /^(horizon|rpc-events):(https?:\/\/.+)$/.exec(source);
  if (m === null) {
    throw cliError(
      'CLI_ERR_BAD_OPTION',
      `stream: --source must be horizon:http(s)://… or rpc-events:http(s)://…, got "${source}"`,
      { option: 'source' },
    );
  }
  return { kind: m[1] as 'horizon' | 'rpc-events', url: m[2] as string };
}

/** A repeatable option's values (parseArgs `multiple`). */
const listOf = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** `stellar-indexer stream`: follows Horizon SSE or RPC getEvents into the event store. */
export async function streamCommand(args: readonly string[], signal: AbortSignal): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      source: { type: 'string' },
      network: { type: 'string' },
      endpoint: { type: 'string' },
      cursor: { type: 'string' },
      'until-cursor': { type: 'string' },
      contract: { type: 'string', multiple: true },
      topic: { type: 'string', multiple: true },
      type: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'until-caught-up': { type: 'boolean', default: false },
      'page-limit': { type: 'string' },
      'stall-timeout': { type: 'string' },
      retries: { type: 'string' },
      store: { type: 'string', default: DEFAULT_STORE_URI },
      json: { type: 'boolean', default: false },
    },
    'stream',
  );
  if (values.source === undefined)
    throw cliError('CLI_ERR_BAD_OPTION', 'stream: --source is required', { option: 'source' });
  if (values.network === undefined)
    throw cliError('CLI_ERR_BAD_OPTION', 'stream: --network is required', { option: 'network' });
  const { kind, url } = splitSource(values.source);
  const network = resolveNetwork(values.network);
  const to = ledgerOption(values.to, 'to');
  const http = createHttpClient({
    retry: { attempts: positive(values.retries, 'retries') },
    timeouts: { idleMs: positive(values['stall-timeout'], 'stall-timeout') ?? 60_000 },
    headers: { 'user-agent': 'stellar-indexer' },
  });
  const logger = createLogger();
  const only = (allowed: string, names: readonly string[]) => {
    for (const name of names) {
      if (
        (values as Record<string, unknown>)[name] !== undefined &&
        (values as Record<string, unknown>)[name] !== false
      ) {
        throw cliError('CLI_ERR_BAD_OPTION', `stream: --${name} applies to ${allowed} sources only`, {
          option: name,
        });
      }
    }
  };

  const store = await openEventStore(values.store as string);
  try {
    let summary: object;
    if (kind === 'horizon') {
      only('rpc-events:', ['contract', 'topic', 'type', 'from', 'until-caught-up', 'page-limit']);
      if (values.endpoint === undefined) {
        throw cliError('CLI_ERR_BAD_OPTION', 'stream: --endpoint is required with a horizon: source', {
          option: 'endpoint',
        });
      }
      summary = await streamHorizon({
        store,
        http,
        source: values.source,
        baseUrl: url,
        endpoint: parseEndpoint(values.endpoint, values.source),
        network,
        cursor: values.cursor,
        to,
        untilCursor: values['until-cursor'],
        logger,
        signal,
      });
    } else {
      only('horizon:', ['endpoint', 'cursor', 'until-cursor']);
      const type = values.type;
      if (type !== undefined && type !== 'contract' && type !== 'system') {
        throw cliError('CLI_ERR_BAD_OPTION', `stream: --type must be contract or system, got "${type}"`, {
          option: 'type',
        });
      }
      const contracts = listOf(values.contract);
      const topics = listOf(values.topic).map((t) => t.split(','));
      if (contracts.length === 0 && topics.length === 0) {
        throw cliError('CLI_ERR_BAD_OPTION', 'stream: give at least one --contract or --topic to follow', {
          option: 'contract',
        });
      }
      summary = await streamRpcEvents({
        store,
        http,
        source: values.source,
        url,
        network,
        filter: { contractIds: contracts, topics, type },
        from: ledgerOption(values.from, 'from'),
        to,
        stopWhenCaughtUp: values['until-caught-up'] === true,
        pageLimit: positive(values['page-limit'], 'page-limit'),
        logger,
        signal,
      });
    }
    if (values.json === true) process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 0;
  } finally {
    await store.close();
  }
}
