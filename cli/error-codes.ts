import { API_ERROR_CODES } from '../api/errors.ts';
import type { ErrorCodeDoc } from '../contracts/errors.ts';
import { STORE_ERROR_CODES } from '../event-store/errors.ts';
import { DECODE_ERROR_CODES } from '../ingest/decode/errors.ts';
import { INGEST_ERROR_CODES } from '../ingest/errors.ts';
import { HORIZON_ERROR_CODES } from '../ingest/horizon/errors.ts';
import { REMOTE_ERROR_CODES } from '../ingest/remote/errors.ts';
import { RPC_EVENTS_ERROR_CODES } from '../ingest/rpc-events/errors.ts';
import { SOURCE_ERROR_CODES } from '../ingest/sources/errors.ts';
import { BUS_ERROR_CODES } from '../messaging/errors.ts';
import { PROJECTION_ERROR_CODES } from '../projections/errors.ts';
import { READ_MODEL_ERROR_CODES } from '../projections/read-models/errors.ts';
import { DELIVER_ERROR_CODES } from '../triggers/deliver/errors.ts';
import { TRIGGER_ERROR_CODES } from '../triggers/errors.ts';
import { CLI_ERROR_CODES } from './errors.ts';

/** Every error code of every capability, in one list: docs/errors.md is generated from it. */
export const ALL_ERROR_CODES: readonly ErrorCodeDoc[] = [
  ...INGEST_ERROR_CODES,
  ...DECODE_ERROR_CODES,
  ...SOURCE_ERROR_CODES,
  ...REMOTE_ERROR_CODES,
  ...HORIZON_ERROR_CODES,
  ...RPC_EVENTS_ERROR_CODES,
  ...STORE_ERROR_CODES,
  ...PROJECTION_ERROR_CODES,
  ...READ_MODEL_ERROR_CODES,
  ...API_ERROR_CODES,
  ...BUS_ERROR_CODES,
  ...TRIGGER_ERROR_CODES,
  ...DELIVER_ERROR_CODES,
  ...CLI_ERROR_CODES,
];

export function renderErrorDocs(codes: readonly ErrorCodeDoc[] = ALL_ERROR_CODES): string {
  const rows = codes.map(
    (c) => `| \`${c.code}\` | ${c.retryable ? 'yes' : 'no'} | ${c.description.replaceAll('|', '\\|')} |`,
  );
  return [
    '# Error codes',
    '',
    'Every failure is reported as one line `CODE: message (where)` on stderr and a non-zero exit.',
    '"Retry" says whether running the same thing again can help. Generated from the code by',
    '`npm run docs:errors`; a test keeps it in sync.',
    '',
    '| code | retry | what happened, and what to do |',
    '|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
