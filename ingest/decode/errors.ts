import { type ErrorCodeDoc, type ErrorDetails, IndexerError } from '../../contracts/errors.ts';

export const DECODE_ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: 'INGEST_ERR_XDR_CORRUPT',
    retryable: false,
    description:
      'The bytes of a ledger are not a valid LedgerCloseMeta (truncated, corrupt, or not XDR). The message names the file, the ledger and the XDR path where decoding stopped. Re-download the file; nothing of that ledger was stored.',
  },
  {
    code: 'INGEST_ERR_XDR_UNSUPPORTED',
    retryable: false,
    description:
      'The ledger uses an XDR shape newer than the bundled @stellar/stellar-sdk understands (a new protocol). Upgrade @stellar/stellar-sdk and rerun; nothing of that ledger was stored.',
  },
  {
    code: 'INGEST_ERR_WRONG_NETWORK',
    retryable: false,
    description:
      "A transaction envelope does not hash to its recorded hash under the chosen network's passphrase: the data comes from another network. Pass the right --network, or --skip-network-check for synthetic data that matches no network.",
  },
  {
    code: 'INGEST_ERR_TX_MISMATCH',
    retryable: false,
    description:
      'The transaction set and the transaction results of a ledger do not pair up (different counts or unmatched hashes). The ledger file is inconsistent; re-fetch it.',
  },
  {
    code: 'INGEST_ERR_XDR_INVALID_VALUE',
    retryable: false,
    description:
      'A decoded XDR value breaks an invariant the network enforces (for example a price or ratio with a zero denominator). The message names the field; the ledger data is corrupt or not from a real network: re-fetch it.',
  },
];

export function decodeError(
  code:
    | 'INGEST_ERR_XDR_CORRUPT'
    | 'INGEST_ERR_XDR_UNSUPPORTED'
    | 'INGEST_ERR_WRONG_NETWORK'
    | 'INGEST_ERR_TX_MISMATCH'
    | 'INGEST_ERR_XDR_INVALID_VALUE',
  message: string,
  details: ErrorDetails,
  cause?: unknown,
): IndexerError {
  return new IndexerError(code, message, { details, cause, retryable: false });
}
