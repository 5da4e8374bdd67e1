import { DEFAULT_KEYS_PATH } from '../api/auth/key-store.ts';
import { cliError } from './errors.ts';
import { ledgerOption } from './parse-options.ts';
import { DEFAULT_TRIGGERS_STATE } from './triggers-job.ts';

/** Options `serve` and `start` share. */
export const API_OPTIONS = {
  port: { type: 'string', default: '4000' },
  host: { type: 'string', default: '127.0.0.1' },
  keys: { type: 'string', default: DEFAULT_KEYS_PATH },
  public: { type: 'boolean', default: false },
  graphiql: { type: 'boolean', default: false },
  nats: { type: 'string' },
  'triggers-state': { type: 'string', default: DEFAULT_TRIGGERS_STATE },
} as const;

export const API_USAGE = `  --port P                listen on port P (default 4000); --host H (default 127.0.0.1)
  --keys PATH             API key table (default ${DEFAULT_KEYS_PATH}); create keys with \`stellar-indexer keys create\`
  --public                every query and subscription open to anonymous callers (default: only _meta)
  --graphiql              serve GraphiQL at /graphiql
  --nats URL              live events over NATS (default $NATS_URL), so any API replica serves any subscriber;
                          the process that ingests publishes them (\`ingest --nats\`, \`start\`); none: in-process
  --triggers-state PATH   trigger state file whose API-managed rules the triggerRules/putTriggerRule/
                          deleteTriggerRule fields read and change (default ${DEFAULT_TRIGGERS_STATE})
  environment: API_JWT_SECRET (HS256) | API_JWT_PUBLIC_KEY(_FILE) (RS256), API_JWT_ISSUER, API_JWT_AUDIENCE,
  API_RATE_LIMIT, API_MAX_PAGE_SIZE, API_MAX_DEPTH, API_MAX_COMPLEXITY, API_BODY_LIMIT, API_CORS_ORIGINS,
  API_SUBSCRIBER_QUEUE, API_ANONYMOUS (all | field,field)`;

export function portOption(value: string | undefined): number {
  const port = ledgerOption(value, 'port') ?? 4000;
  if (port > 65535)
    throw cliError('CLI_ERR_BAD_OPTION', `--port ${port} is not a TCP port`, { option: 'port' });
  return port;
}

/** `--nats`, else NATS_URL; undefined: the in-process bus. */
export function natsUrlOption(value: unknown, env: NodeJS.ProcessEnv): string | undefined {
  const url = typeof value === 'string' && value !== '' ? value : env.NATS_URL;
  return url === undefined || url === '' ? undefined : url;
}
