import type { Logger } from 'pino';
import { openApiKeyStore } from '../api/auth/key-store.ts';
import type { ApiConfig } from '../api/config.ts';
import { createBusFeed } from '../api/live/bus-feed.ts';
import { createApiServer } from '../api/server.ts';
import type { EventStore } from '../contracts/event-store.ts';
import { connectNatsBus } from '../messaging/nats/connect-nats-bus.ts';
import type { ClickHouseConnector } from '../projections/clickhouse/connector.ts';
import { ruleRegistryOnUse } from '../triggers/rules/rule-registry-on-use.ts';

export interface ServeApiOptions {
  readonly store: EventStore;
  readonly connector: ClickHouseConnector;
  readonly clickhouseUri: string;
  readonly config: Partial<ApiConfig>;
  readonly keysPath: string;
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** NATS server for live events (published by the writer's event relay); none: tail the store in-process. */
  readonly natsUrl?: string | undefined;
  /** Trigger state file holding the API-managed rules; none: rule management is unavailable. */
  readonly triggersStatePath?: string | undefined;
}

/** Runs the API until the signal aborts; the ClickHouse handle is read-only, through the process's connector. */
export async function serveApi(options: ServeApiOptions): Promise<void> {
  const ch = await options.connector.open(options.clickhouseUri, { readOnly: true });
  const keys = openApiKeyStore(options.keysPath);
  const ruleRegistry =
    options.triggersStatePath === undefined ? null : ruleRegistryOnUse(options.triggersStatePath);
  const bus =
    options.natsUrl === undefined || options.natsUrl === ''
      ? null
      : await connectNatsBus({
          url: options.natsUrl,
          name: 'stellar-indexer-api',
          background: true,
          logger: options.logger,
        });
  try {
    const feed =
      bus === null ? undefined : await createBusFeed({ store: options.store, bus, logger: options.logger });
    const app = await createApiServer({
      store: options.store,
      ch,
      config: options.config,
      logger: options.logger,
      keys,
      ruleRegistry,
      ...(feed === undefined ? {} : { feed }),
    });
    app.addHook('onClose', async () => {
      await feed?.close();
    });
    try {
      const address = await app.listen({ host: options.host, port: options.port });
      options.logger.info({ address, graphql: `${address}/graphql` }, 'API listening');
      await new Promise<void>((resolve) => {
        if (options.signal.aborted) resolve();
        options.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      await app.close();
    }
  } finally {
    await bus?.close();
    ruleRegistry?.close();
    keys.close();
    await ch.release();
  }
}
