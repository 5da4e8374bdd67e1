import { hasErrorCode } from '../../../contracts/errors.ts';
import { describePlace, type RemotePlace, remoteError } from '../../remote/errors.ts';
import type { HttpClient } from '../../remote/http/http-client.ts';
import { readLedgerSequence } from '../ledger-sequence.ts';
import { callJsonRpc } from './json-rpc.ts';
import { readLedgerHashes } from './ledger-hashes.ts';
import { parseWindowMessage, type RetentionWindow } from './retention-window.ts';

/** One ledger of a getLedgers page, checked and decoded from base64. */
export interface RpcLedger {
  readonly sequence: number;
  /** Hex hash of the ledger header, as the server sent it (and as the metadata says). */
  readonly hash: string;
  readonly previousHash: string;
  readonly xdr: Uint8Array;
  /** Where it came from, for error messages: source, request and ledger. */
  readonly origin: string;
}

/** A checked getLedgers page. */
export interface LedgersPage {
  readonly ledgers: readonly RpcLedger[];
  readonly latestLedger: number;
  readonly oldestLedger: number;
  readonly cursor: string;
}

/**
 * The answer to getLedgers: a page, or the server's refusal (its JSON-RPC error), with the window
 * it keeps when the refusal says (a start outside it).
 */
export type GetLedgersAnswer =
  | { readonly kind: 'page'; readonly page: LedgersPage }
  | {
      readonly kind: 'refused';
      readonly code: number;
      readonly message: string;
      readonly window: RetentionWindow | undefined;
      readonly place: RemotePlace;
    };

export interface GetLedgersRequest {
  readonly client: HttpClient;
  readonly url: string;
  /** The source as the user named it (`rpc:https://…`). */
  readonly source: string;
  /** First ledger wanted. */
  readonly start: number;
  /** Send `cursor` = start - 1 instead of `startLedger` (pagination inside a run). */
  readonly useCursor: boolean;
  readonly limit: number;
  readonly signal?: AbortSignal | undefined;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX_HASH = /^[0-9a-f]{64}$/;

function wholeNumber(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function checkLedger(
  raw: unknown,
  expected: number,
  index: number,
  place: RemotePlace,
  request: string,
): RpcLedger {
  const where = { ...place, ledger: expected };
  const bad = (field: string, what: string, cause?: unknown): never => {
    throw remoteError(
      'INGEST_ERR_REMOTE_MALFORMED',
      `${describePlace(where)}: getLedgers entry ${index} ${what}.`,
      where,
      { field: `ledgers[${index}].${field}` },
      cause,
    );
  };
  if (typeof raw !== 'object' || raw === null) return bad('', 'is not an object');
  const entry = raw as Record<string, unknown>;
  const sequence = wholeNumber(entry.sequence);
  if (sequence === undefined) return bad('sequence', 'has no ledger sequence');
  if (sequence !== expected) {
    return bad('sequence', `is ledger ${sequence}, expected ${expected}: the page skips or repeats ledgers`);
  }
  const hash = typeof entry.hash === 'string' ? entry.hash.toLowerCase() : '';
  if (!HEX_HASH.test(hash)) return bad('hash', 'has no 32-byte hex hash');
  const text = entry.metadataXdr;
  if (typeof text !== 'string' || text.length === 0) {
    return bad('metadataXdr', 'has no metadataXdr (ask without xdrFormat=json)');
  }
  if (text.length % 4 !== 0 || !BASE64.test(text)) {
    return bad('metadataXdr', `has metadataXdr that is not base64 (${text.length} characters)`);
  }
  const buffer = Buffer.from(text, 'base64');
  const xdr = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const origin = `${place.source} getLedgers(${request})#ledger-${sequence}`;
  let hashes: { hash: string; previousHash: string };
  try {
    const inXdr = readLedgerSequence(xdr, { file: origin, offset: 0 });
    if (inXdr !== sequence)
      return bad('metadataXdr', `holds the metadata of ledger ${inXdr}, not ${sequence}`);
    hashes = readLedgerHashes(xdr, origin);
  } catch (cause) {
    if (!hasErrorCode(cause, 'INGEST_ERR_SOURCE_FORMAT')) throw cause;
    return bad('metadataXdr', `has a metadataXdr that is not a LedgerCloseMeta (${cause.message})`, cause);
  }
  if (hashes.hash !== hash) {
    return bad('metadataXdr', `has metadata whose header hash ${hashes.hash} differs from its hash ${hash}`);
  }
  return { sequence, hash, previousHash: hashes.previousHash, xdr, origin };
}

function checkPage(
  result: unknown,
  request: GetLedgersRequest,
  place: RemotePlace,
  label: string,
): LedgersPage {
  const bad = (field: string, what: string): never => {
    throw remoteError(
      'INGEST_ERR_REMOTE_MALFORMED',
      `${describePlace(place)}: the getLedgers result ${what}.`,
      place,
      { field },
    );
  };
  if (typeof result !== 'object' || result === null) return bad('result', 'is not an object');
  const r = result as Record<string, unknown>;
  const latestLedger = wholeNumber(r.latestLedger);
  const oldestLedger = wholeNumber(r.oldestLedger);
  if (latestLedger === undefined) return bad('latestLedger', 'has no latestLedger');
  if (oldestLedger === undefined) return bad('oldestLedger', 'has no oldestLedger');
  if (!Array.isArray(r.ledgers)) return bad('ledgers', 'has no ledgers array');
  if (r.ledgers.length > request.limit) {
    return bad('ledgers', `holds ${r.ledgers.length} ledgers, more than the limit ${request.limit}`);
  }
  const ledgers = r.ledgers.map((raw, i) => checkLedger(raw, request.start + i, i, place, label));
  if (ledgers.length === 0 && request.start <= latestLedger) {
    bad(
      'ledgers',
      `is empty although the server's latest ledger ${latestLedger} is not before ${request.start}`,
    );
  }
  const cursor = typeof r.cursor === 'string' ? r.cursor : String(request.start - 1);
  return { ledgers, latestLedger, oldestLedger, cursor };
}

/**
 * Asks a Stellar RPC server for up to `limit` ledgers from `start` (`getLedgers`, base64 XDR). The
 * page is checked: consecutive sequences from `start`, base64 metadata that is a LedgerCloseMeta of
 * that ledger with the announced hash. A damaged page is INGEST_ERR_REMOTE_MALFORMED and fetched
 * again; a refusal (a start outside the server's window, a limit too high) comes back as `refused`.
 */
export async function getLedgers(request: GetLedgersRequest): Promise<GetLedgersAnswer> {
  const cursor = request.useCursor ? String(request.start - 1) : undefined;
  const label = cursor === undefined ? `startLedger ${request.start}` : `cursor ${cursor}`;
  const place: RemotePlace = {
    source: request.source,
    url: request.url,
    cursor: cursor ?? `startLedger=${request.start}`,
    ledger: request.start,
  };
  const params =
    cursor === undefined
      ? { startLedger: request.start, pagination: { limit: request.limit }, xdrFormat: 'base64' }
      : { pagination: { cursor, limit: request.limit }, xdrFormat: 'base64' };
  const outcome = await callJsonRpc({
    client: request.client,
    url: request.url,
    method: 'getLedgers',
    params,
    place,
    signal: request.signal,
    check: (result) => checkPage(result, request, place, label),
  });
  if (outcome.ok) return { kind: 'page', page: outcome.result };
  const { code, message } = outcome.error;
  return { kind: 'refused', code, message, window: parseWindowMessage(message), place };
}
