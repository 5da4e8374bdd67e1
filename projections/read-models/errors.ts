import { type ErrorCodeDoc, type ErrorDetails, IndexerError } from '../../contracts/errors.ts';

export const READ_MODEL_ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: 'READMODEL_ERR_BAD_EVENT',
    retryable: false,
    description:
      'A stored event handed to a read model does not hold the fact its type announces (payload missing, type or field shape wrong). The message names the projection, the event id and its store position. The store holds data this version of the indexer did not write: re-ingest that range, or upgrade the indexer.',
  },
  {
    code: 'READMODEL_ERR_UNSUPPORTED_SCHEMA',
    retryable: false,
    description:
      'A stored event carries a schemaVersion of its fact type that this read model does not know (written by a newer indexer). The message names the projection, the event and both versions. Upgrade the indexer that runs the projections, then rebuild them.',
  },
  {
    code: 'READMODEL_ERR_BAD_AMOUNT',
    retryable: false,
    description:
      'An amount or price field of a fact is not an integer decimal string, so it cannot be stored exactly. The message names the projection, the event, and the field. The event was written by a faulty decoder: re-ingest that ledger.',
  },
];

export type ReadModelErrorCode =
  | 'READMODEL_ERR_BAD_EVENT'
  | 'READMODEL_ERR_UNSUPPORTED_SCHEMA'
  | 'READMODEL_ERR_BAD_AMOUNT';

export const readModelError = (
  code: ReadModelErrorCode,
  message: string,
  details: ErrorDetails,
): IndexerError => new IndexerError(code, message, { retryable: false, details });
