import { describePlace, type RemotePlace, remoteError } from '../../remote/errors.ts';
import type { HttpClient } from '../../remote/http/http-client.ts';
import { callJsonRpc, resultOf } from './json-rpc.ts';
import type { RetentionWindow } from './retention-window.ts';

export interface GetHealthRequest {
  readonly client: HttpClient;
  readonly url: string;
  readonly source: string;
  readonly signal?: AbortSignal | undefined;
}

function ledgerField(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

/** The ledgers a Stellar RPC server keeps now, from `getHealth` (oldestLedger, latestLedger). */
export async function getRetentionWindow(request: GetHealthRequest): Promise<RetentionWindow> {
  const place: RemotePlace = { source: request.source, url: request.url };
  const outcome = await callJsonRpc({
    client: request.client,
    url: request.url,
    method: 'getHealth',
    params: {},
    place,
    signal: request.signal,
    check: (result): RetentionWindow => {
      const r = (typeof result === 'object' && result !== null ? result : {}) as Record<string, unknown>;
      const oldest = ledgerField(r.oldestLedger);
      const latest = ledgerField(r.latestLedger);
      if (oldest === undefined || latest === undefined || oldest > latest) {
        throw remoteError(
          'INGEST_ERR_REMOTE_MALFORMED',
          `${describePlace(place)}: the getHealth result has no valid oldestLedger/latestLedger (got ${JSON.stringify(result)?.slice(0, 120)}).`,
          place,
          { method: 'getHealth', field: 'oldestLedger' },
        );
      }
      return { oldest, latest };
    },
  });
  return resultOf(outcome, 'getHealth', place);
}
