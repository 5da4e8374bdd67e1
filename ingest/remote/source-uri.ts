import { remoteError } from './errors.ts';

/**
 * What a `--source` (or `--lake`) string names:
 * - `rpc:https://…` / `rpc:http://…`: Stellar RPC (getLedgers; getEvents for event sources);
 * - `horizon:https://…`: a Horizon server;
 * - `https://…` / `http://…`: a data lake (Galexie / SEP-54 layout) over HTTP(S);
 * - anything else: a local path, as before.
 */
export type SourceUri =
  | { readonly kind: 'rpc'; readonly url: string; readonly text: string }
  | { readonly kind: 'horizon'; readonly url: string; readonly text: string }
  | { readonly kind: 'http-lake'; readonly url: string; readonly text: string }
  | { readonly kind: 'path'; readonly path: string; readonly text: string };

function httpUrl(text: string, rest: string, what: string): string {
  let url: URL;
  try {
    url = new URL(rest);
  } catch (cause) {
    throw remoteError(
      'INGEST_ERR_REMOTE_URI',
      `The source "${text}" is not a valid URL after its prefix (${(cause as Error).message}). Write it as ${what}.`,
      { source: text },
      {},
      cause,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw remoteError(
      'INGEST_ERR_REMOTE_URI',
      `The source "${text}" must use http or https, not ${url.protocol}. Write it as ${what}.`,
      { source: text },
    );
  }
  // Keep the path as given, without a trailing slash, so that `${url}/key` is well formed.
  return url.href.replace(/\/+$/, '');
}

/** Tells the kind of a source string; a prefix with a bad URL is INGEST_ERR_REMOTE_URI. */
export function parseSourceUri(text: string): SourceUri {
  if (text.startsWith('rpc:')) {
    return { kind: 'rpc', url: httpUrl(text, text.slice(4), 'rpc:https://host[:port][/path]'), text };
  }
  if (text.startsWith('horizon:')) {
    return { kind: 'horizon', url: httpUrl(text, text.slice(8), 'horizon:https://host[:port]'), text };
  }
  if (/^https?:\/\//i.test(text)) {
    return { kind: 'http-lake', url: httpUrl(text, text, 'https://host/path/to/lake'), text };
  }
  return { kind: 'path', path: text, text };
}
