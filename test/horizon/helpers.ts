import { resolveNetwork } from '../../contracts/network.ts';
import type { HorizonEndpoint } from '../../ingest/horizon/endpoints.ts';
import {
  type StreamHorizonOptions,
  type StreamSummary,
  streamHorizon,
} from '../../ingest/horizon/stream-horizon.ts';
import { PUBNET } from '../helpers/fixtures.ts';
import { fastHttpClient, silentLogger, withStore } from '../rpc-events/helpers.ts';

/** Streams one endpoint of the replay server into a SQLite file. */
export function runHorizon(
  file: string,
  url: string,
  endpoint: HorizonEndpoint,
  extra: Partial<StreamHorizonOptions> = {},
): Promise<StreamSummary> {
  return withStore(file, (store) =>
    streamHorizon({
      store,
      http: extra.http ?? fastHttpClient(),
      source: `horizon:${url}`,
      baseUrl: url,
      endpoint,
      network: resolveNetwork(PUBNET),
      batchRecords: 100,
      batchDelayMs: 50,
      reconnect: { attempts: 6, baseDelayMs: 5, maxDelayMs: 20 },
      logger: silentLogger,
      ...extra,
    }),
  );
}
