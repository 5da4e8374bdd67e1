import type { Logger } from 'pino';
import { openApiKeyStore } from '../api/auth/key-store.ts';
import type { ApiConfig } from '../api/config.ts';
import { createApiServer } from '../api/server.ts';
import type { EventStore } from '../contracts/event-store.ts';
import type { ClickHouseConnector } from '../projections/clickhouse/connector.ts';

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
}

/** Runs the API until the signal aborts; the ClickHouse handle is read-only, through the process's connector. */
export async function serveApi(options: ServeApiOptions): Promise<void> {
  const ch = await options.connector.open(options.clickhouseUri, { readOnly: true });
  const keys = openApiKeyStore(options.keysPath);
  try {
    const app = await createApiServer({
      store: options.store,
      ch,
      config: options.config,
      logger: options.logger,
      keys,
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
    keys.close();
    await ch.release();
  }
}
