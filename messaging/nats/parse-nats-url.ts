import { busError } from '../errors.ts';

export interface NatsServerAddress {
  /** `host:port` (or the URL for tls://) as the client takes it. */
  readonly server: string;
  readonly user?: string;
  readonly pass?: string;
  /** The URL without credentials, for logs. */
  readonly display: string;
}

/** `nats://[user:pass@]host[:port]` or `tls://…`; credentials are taken out of the server string. */
export function parseNatsUrl(url: string): NatsServerAddress {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw busError('BUS_ERR_BAD_URL', `NATS URL "${url}" cannot be parsed; use nats://host:4222`, {
      details: { url },
      cause,
    });
  }
  if (!['nats:', 'tls:'].includes(parsed.protocol) || parsed.hostname === '') {
    throw busError('BUS_ERR_BAD_URL', `NATS URL "${url}" must be nats://host[:port] or tls://host[:port]`, {
      details: { url },
    });
  }
  const port = parsed.port === '' ? '4222' : parsed.port;
  const display = `${parsed.protocol}//${parsed.hostname}:${port}`;
  return {
    server: parsed.protocol === 'tls:' ? display : `${parsed.hostname}:${port}`,
    display,
    ...(parsed.username === '' ? {} : { user: decodeURIComponent(parsed.username) }),
    ...(parsed.password === '' ? {} : { pass: decodeURIComponent(parsed.password) }),
  };
}
