import { remoteError } from '../remote/errors.ts';
import { type HttpClient, parseJsonBody } from '../remote/http/index.ts';

/** What Horizon's root resource says about the network and the history it keeps. */
export interface HorizonRoot {
  readonly networkPassphrase: string;
  /** The oldest ledger Horizon has history for (`history_elder_ledger`). */
  readonly elderLedger: number;
  readonly latestLedger: number;
}

export async function fetchHorizonRoot(
  http: HttpClient,
  source: string,
  baseUrl: string,
  signal?: AbortSignal,
): Promise<HorizonRoot> {
  const url = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return http.fetchBytes(
    { url, headers: { accept: 'application/json' }, place: { source }, signal },
    ({ bytes }) => {
      const root = parseJsonBody(bytes, { source, url }) as Record<string, unknown> | null;
      const passphrase = root?.network_passphrase;
      const elder = root?.history_elder_ledger;
      const latest = root?.history_latest_ledger;
      if (typeof passphrase !== 'string' || typeof elder !== 'number' || typeof latest !== 'number') {
        throw remoteError(
          'INGEST_ERR_REMOTE_MALFORMED',
          `${url} is not a Horizon root resource (network_passphrase, history_elder_ledger and history_latest_ledger are needed)`,
          { source, url },
          { field: 'network_passphrase' },
        );
      }
      return { networkPassphrase: passphrase, elderLedger: elder, latestLedger: latest };
    },
  );
}
