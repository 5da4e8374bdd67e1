import type { HttpClient } from '../../remote/http/http-client.ts';
import { parseJsonBody } from '../../remote/http/http-client.ts';
import { sourceError } from '../errors.ts';
import { LAKE_CONFIG_FILE, type LakeConfig, parseLakeConfig } from '../lake-config.ts';

export interface FetchLakeConfigOptions {
  readonly client: HttpClient;
  /** The lake's root URL, without a trailing slash. */
  readonly url: string;
  readonly description: string;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Fetches and checks `<url>/.config.json`. Over HTTP a lake cannot be listed, so the manifest is
 * required: a 404 is INGEST_ERR_SOURCE_CONFIG. Invalid JSON is INGEST_ERR_REMOTE_MALFORMED (fetched
 * again); a manifest with bad fields is INGEST_ERR_SOURCE_CONFIG, as for a local lake.
 */
export function fetchLakeConfig(options: FetchLakeConfigOptions): Promise<LakeConfig> {
  const file = `${options.url}/${LAKE_CONFIG_FILE}`;
  const place = { source: options.description, url: file, cursor: LAKE_CONFIG_FILE };
  return options.client.fetchBytes(
    { url: file, place, signal: options.signal, acceptStatus: [404] },
    ({ status, bytes }) => {
      if (status === 404) {
        throw sourceError(
          'INGEST_ERR_SOURCE_CONFIG',
          `The data lake ${options.url} has no ${LAKE_CONFIG_FILE} (HTTP 404 for ${file}). Over HTTP a lake cannot be listed, so its SEP-54 manifest is required: check the URL (it must be the lake's root, where Galexie writes ${LAKE_CONFIG_FILE}).`,
          { file, source: options.description },
        );
      }
      return parseLakeConfig(parseJsonBody(bytes, place), file);
    },
  );
}
