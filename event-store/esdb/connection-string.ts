import { STORE_ERR_BAD_URI, storeError } from '../errors.ts';

/**
 * The client speaks `esdb://` and `esdb+discover://`; KurrentDB (EventStoreDB's new name) URIs use
 * `kurrentdb://` with the same options, so the scheme is swapped and the rest kept.
 */
export function toEsdbConnectionString(uri: string): string {
  const match = /^(esdb|kurrentdb)(\+discover)?:\/\//.exec(uri);
  if (match === null) {
    throw storeError(
      STORE_ERR_BAD_URI,
      `EventStoreDB connection string "${redactConnectionString(uri)}" must start with esdb://, esdb+discover://, kurrentdb:// or kurrentdb+discover://`,
      { details: { uri: redactConnectionString(uri) } },
    );
  }
  return `esdb${match[2] ?? ''}://${uri.slice(match[0].length)}`;
}

/** The connection string without a password, for messages and logs. */
export function redactConnectionString(uri: string): string {
  return uri.replace(/\/\/([^/@]*?):[^/@]*@/, '//$1:***@');
}
