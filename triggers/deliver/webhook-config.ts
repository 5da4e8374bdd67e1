import { IndexerError } from '../../contracts/errors.ts';
import { isIpLiteral, refusedAddressKind, stripBrackets } from './address-policy.ts';

/** A webhook as written in the rules file (`webhooks:`); only name, url and secret are required. */
export interface WebhookConfig {
  /** Referenced by rules as `webhook:<name>`: letters, digits, `_` and `-`, at most 64. */
  readonly name: string;
  /** http:// or https:// URL without credentials. */
  readonly url: string;
  /** HMAC-SHA256 key for `X-Stellar-Indexer-Signature`, at least 16 characters. */
  readonly secret: string;
  /** Attempts before a dead letter (1..100); default 5. */
  readonly maxAttempts?: number;
  /** Wait before the first retry, ms; doubles per attempt up to maxBackoffMs. Default 1000. */
  readonly backoffMs?: number;
  /** Cap of the doubling backoff, ms; default 60000. */
  readonly maxBackoffMs?: number;
  /** One attempt (connect, send, response) may take this long, ms; default 10000. */
  readonly timeoutMs?: number;
  /** Allow private, loopback, link-local and unique-local targets; default false. */
  readonly allowPrivate?: boolean;
  /** Extra request headers (e.g. an Authorization for the receiver); the signed headers are reserved. */
  readonly headers?: { readonly [name: string]: string };
}

/** A validated webhook with every default filled in; frozen. */
export interface ResolvedWebhookConfig {
  readonly name: string;
  readonly url: string;
  readonly secret: string;
  readonly maxAttempts: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly timeoutMs: number;
  readonly allowPrivate: boolean;
  readonly headers: { readonly [name: string]: string };
}

export const WEBHOOK_DEFAULTS = Object.freeze({
  maxAttempts: 5,
  backoffMs: 1000,
  maxBackoffMs: 60_000,
  timeoutMs: 10_000,
  allowPrivate: false,
});

/** One thing wrong with one webhook. `code` is DELIVER_ERR_PRIVATE_TARGET or DELIVER_ERR_WEBHOOK_CONFIG. */
export interface WebhookConfigProblem {
  readonly code: 'DELIVER_ERR_PRIVATE_TARGET' | 'DELIVER_ERR_WEBHOOK_CONFIG';
  /** `webhooks[2].url` or `webhooks[hooks-a].url`. */
  readonly path: string;
  readonly message: string;
}

/** Every problem of a webhook list, reported at once; the error of validateWebhookConfigs. */
export class WebhookConfigError extends IndexerError {
  readonly problems: readonly WebhookConfigProblem[];
  constructor(problems: readonly WebhookConfigProblem[], source: string) {
    const code = problems.every((p) => p.code === 'DELIVER_ERR_PRIVATE_TARGET')
      ? 'DELIVER_ERR_PRIVATE_TARGET'
      : 'DELIVER_ERR_WEBHOOK_CONFIG';
    const lines = problems.map((p) => `  ${p.path}: ${p.message}`).join('\n');
    super(
      code,
      `${problems.length} problem(s) in the webhooks of ${source}; fix them and reload:\n${lines}`,
      {
        details: { source, problems: problems.length, first: problems[0]?.path },
      },
    );
    this.name = 'WebhookConfigError';
    this.problems = problems;
  }
}

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const HEADER_NAME_PATTERN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'transfer-encoding',
  'connection',
  'idempotency-key',
  'x-stellar-indexer-timestamp',
  'x-stellar-indexer-signature',
]);
const KNOWN_FIELDS = new Set([
  'name',
  'url',
  'secret',
  'maxAttempts',
  'backoffMs',
  'maxBackoffMs',
  'timeoutMs',
  'allowPrivate',
  'headers',
]);

/**
 * Checks a list of webhooks (parsed YAML/JSON) and returns the resolved ones together with every
 * problem found; a result value, so that a rules loader can merge these problems with its own.
 */
export function checkWebhookConfigs(input: unknown): {
  webhooks: readonly ResolvedWebhookConfig[];
  problems: readonly WebhookConfigProblem[];
} {
  const problems: WebhookConfigProblem[] = [];
  if (!Array.isArray(input)) {
    problems.push(configProblem('webhooks', 'must be a list of webhook objects'));
    return { webhooks: [], problems };
  }
  const webhooks: ResolvedWebhookConfig[] = [];
  const seen = new Set<string>();
  input.forEach((raw: unknown, index) => {
    const label = isRecord(raw) && typeof raw.name === 'string' ? raw.name : String(index);
    const at = (field: string): string => `webhooks[${label}]${field === '' ? '' : `.${field}`}`;
    const before = problems.length;
    const resolved = checkOne(raw, at, problems);
    if (resolved !== null && seen.has(resolved.name))
      problems.push(
        configProblem(at('name'), `"${resolved.name}" is used by an earlier webhook; names must be unique`),
      );
    if (resolved !== null) seen.add(resolved.name);
    if (resolved !== null && problems.length === before) webhooks.push(resolved);
  });
  return { webhooks: Object.freeze(webhooks), problems: Object.freeze(problems) };
}

/** Like checkWebhookConfigs, but throws one WebhookConfigError listing every problem. */
export function validateWebhookConfigs(
  input: unknown,
  source = 'the configuration',
): readonly ResolvedWebhookConfig[] {
  const { webhooks, problems } = checkWebhookConfigs(input);
  if (problems.length > 0) throw new WebhookConfigError(problems, source);
  return webhooks;
}

function checkOne(
  raw: unknown,
  at: (field: string) => string,
  problems: WebhookConfigProblem[],
): ResolvedWebhookConfig | null {
  if (!isRecord(raw)) {
    problems.push(configProblem(at(''), 'must be an object with name, url and secret'));
    return null;
  }
  for (const key of Object.keys(raw))
    if (!KNOWN_FIELDS.has(key))
      problems.push(
        configProblem(at(key), `unknown field; known fields are ${[...KNOWN_FIELDS].join(', ')}`),
      );

  const name = raw.name;
  if (typeof name !== 'string' || !NAME_PATTERN.test(name))
    problems.push(
      configProblem(
        at('name'),
        'must be 1-64 letters, digits, "_" or "-" (rules refer to it as webhook:<name>)',
      ),
    );
  const secret = raw.secret;
  if (typeof secret !== 'string' || secret.length < 16)
    problems.push(
      configProblem(at('secret'), 'must be a string of at least 16 characters (the HMAC-SHA256 key)'),
    );
  const allowPrivate =
    optionalBoolean(raw.allowPrivate, at('allowPrivate'), problems) ?? WEBHOOK_DEFAULTS.allowPrivate;
  const url = checkUrl(raw.url, allowPrivate, at('url'), problems);
  const maxAttempts =
    optionalInteger(raw.maxAttempts, 1, 100, at('maxAttempts'), problems) ?? WEBHOOK_DEFAULTS.maxAttempts;
  const backoffMs =
    optionalInteger(raw.backoffMs, 0, 3_600_000, at('backoffMs'), problems) ?? WEBHOOK_DEFAULTS.backoffMs;
  const maxBackoffMs =
    optionalInteger(raw.maxBackoffMs, 0, 3_600_000, at('maxBackoffMs'), problems) ??
    Math.max(WEBHOOK_DEFAULTS.maxBackoffMs, backoffMs);
  if (maxBackoffMs < backoffMs)
    problems.push(configProblem(at('maxBackoffMs'), `must be at least backoffMs (${backoffMs})`));
  const timeoutMs =
    optionalInteger(raw.timeoutMs, 1, 300_000, at('timeoutMs'), problems) ?? WEBHOOK_DEFAULTS.timeoutMs;
  const headers = checkHeaders(raw.headers, at('headers'), problems);
  if (typeof name !== 'string' || typeof secret !== 'string' || url === null || headers === null) return null;
  return Object.freeze({
    name,
    url,
    secret,
    maxAttempts,
    backoffMs,
    maxBackoffMs,
    timeoutMs,
    allowPrivate,
    headers,
  });
}

function checkUrl(
  raw: unknown,
  allowPrivate: boolean,
  path: string,
  problems: WebhookConfigProblem[],
): string | null {
  if (typeof raw !== 'string') {
    problems.push(configProblem(path, 'must be an http:// or https:// URL'));
    return null;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(configProblem(path, `"${raw}" is not a URL; write http(s)://host[:port]/path`));
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(configProblem(path, `scheme ${url.protocol} is not supported; use http:// or https://`));
    return null;
  }
  if (url.username !== '' || url.password !== '') {
    problems.push(
      configProblem(path, 'must not carry credentials; put them in headers (e.g. Authorization)'),
    );
    return null;
  }
  const host = stripBrackets(url.hostname);
  if (!allowPrivate) {
    const kind = isIpLiteral(host) ? refusedAddressKind(host) : isLocalhostName(host) ? 'loopback' : null;
    if (kind !== null) {
      problems.push({
        code: 'DELIVER_ERR_PRIVATE_TARGET',
        path,
        message: `host ${url.hostname} is a ${kind} address, refused as a webhook target; use a public address or set allowPrivate: true for a trusted target`,
      });
      return null;
    }
  }
  return url.toString();
}

function checkHeaders(
  raw: unknown,
  path: string,
  problems: WebhookConfigProblem[],
): { readonly [name: string]: string } | null {
  if (raw === undefined) return Object.freeze({});
  if (!isRecord(raw)) {
    problems.push(configProblem(path, 'must be a map of header name to string value'));
    return null;
  }
  const out: Record<string, string> = {};
  let ok = true;
  for (const [name, value] of Object.entries(raw)) {
    const bad = (message: string): void => {
      ok = false;
      problems.push(configProblem(`${path}.${name}`, message));
    };
    if (!HEADER_NAME_PATTERN.test(name)) bad('is not a valid HTTP header name');
    else if (RESERVED_HEADERS.has(name.toLowerCase()))
      bad('is set by the dispatcher and cannot be overridden');
    else if (typeof value !== 'string' || /[\r\n\0]/.test(value))
      bad('value must be a string without line breaks');
    else out[name] = value;
  }
  return ok ? Object.freeze(out) : null;
}

function optionalInteger(
  raw: unknown,
  min: number,
  max: number,
  path: string,
  problems: WebhookConfigProblem[],
): number | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) {
    problems.push(
      configProblem(path, `must be an integer from ${min} to ${max}, got ${JSON.stringify(raw)}`),
    );
    return undefined;
  }
  return raw;
}

function optionalBoolean(raw: unknown, path: string, problems: WebhookConfigProblem[]): boolean | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'boolean') {
    problems.push(configProblem(path, `must be true or false, got ${JSON.stringify(raw)}`));
    return undefined;
  }
  return raw;
}

const isLocalhostName = (host: string): boolean => {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h.endsWith('.localhost');
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const configProblem = (path: string, message: string): WebhookConfigProblem => ({
  code: 'DELIVER_ERR_WEBHOOK_CONFIG',
  path,
  message,
});
