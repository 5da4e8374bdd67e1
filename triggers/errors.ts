import { type ErrorCodeDoc, type ErrorDetails, IndexerError } from '../contracts/errors.ts';

export const TRIGGER_ERR_INVALID_RULES = 'TRIGGER_ERR_INVALID_RULES';
export const TRIGGER_ERR_RULES_UNREADABLE = 'TRIGGER_ERR_RULES_UNREADABLE';
export const TRIGGER_ERR_STATE = 'TRIGGER_ERR_STATE';
export const TRIGGER_ERR_CONFLICT = 'TRIGGER_ERR_CONFLICT';
export const TRIGGER_ERR_NOT_PROJECTED = 'TRIGGER_ERR_NOT_PROJECTED';
export const TRIGGER_ERR_BAD_RANGE = 'TRIGGER_ERR_BAD_RANGE';
export const TRIGGER_ERR_CONFIG = 'TRIGGER_ERR_CONFIG';

export type TriggerErrorCode =
  | typeof TRIGGER_ERR_INVALID_RULES
  | typeof TRIGGER_ERR_RULES_UNREADABLE
  | typeof TRIGGER_ERR_STATE
  | typeof TRIGGER_ERR_CONFLICT
  | typeof TRIGGER_ERR_NOT_PROJECTED
  | typeof TRIGGER_ERR_BAD_RANGE
  | typeof TRIGGER_ERR_CONFIG;

export const TRIGGER_ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: TRIGGER_ERR_INVALID_RULES,
    retryable: false,
    description:
      'The rules file does not parse or holds invalid rules. The message lists every problem at once, each with the rule (name or index), the field path and what is wrong; details name the file. Fix the file (format in triggers/README.md) and load it again.',
  },
  {
    code: TRIGGER_ERR_RULES_UNREADABLE,
    retryable: false,
    description:
      'The rules file could not be read (missing, a directory, no permission). Details name the path; check --rules.',
  },
  {
    code: TRIGGER_ERR_STATE,
    retryable: false,
    description:
      'The trigger engine state file (SQLite, table trigger_engine_state) could not be opened, read or written, or holds a row that is not engine state. Details name the file; check the path and disk, or move the file away to start over (firings already in the triggers stream are not appended again).',
  },
  {
    code: TRIGGER_ERR_CONFLICT,
    retryable: false,
    description:
      'Appending firings to the triggers stream found another revision than the engine expected: a second trigger engine writes the same store. Run one trigger engine per store, then restart it; it resumes from its state file.',
  },
  {
    code: TRIGGER_ERR_NOT_PROJECTED,
    retryable: true,
    description:
      'A read-model rule needs a ledger the read models have not folded in yet (a dry run over ledgers not projected, or a read model that does not exist). Run `stellar-indexer project` until the read models reach the ledger, then retry.',
  },
  {
    code: TRIGGER_ERR_BAD_RANGE,
    retryable: false,
    description:
      'A dry run was asked for an empty or reversed ledger range, or the store holds no ledger in it. Give --from N --to M with N <= M over ledgers the store holds (ingest them first).',
  },
  {
    code: TRIGGER_ERR_CONFIG,
    retryable: false,
    description:
      'The trigger engine was created without something its rules need, e.g. read-model rules without a ClickHouse handle or without a way to wait for the projections. Details name the option; fix the wiring.',
  },
];

export function triggerError(
  code: TriggerErrorCode,
  message: string,
  options: { retryable?: boolean; details?: ErrorDetails; cause?: unknown } = {},
): IndexerError {
  const doc = TRIGGER_ERROR_CODES.find((c) => c.code === code);
  return new IndexerError(code, message, { retryable: doc?.retryable ?? false, ...options });
}
