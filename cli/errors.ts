import { type ErrorCodeDoc, type ErrorDetails, IndexerError } from '../contracts/errors.ts';

export const CLI_ERROR_CODES: readonly ErrorCodeDoc[] = [
  {
    code: 'CLI_ERR_BAD_OPTION',
    retryable: false,
    description:
      'An unknown option, a missing required option, or a value of the wrong form. The message names the option; run `stellar-indexer help`.',
  },
  {
    code: 'CLI_ERR_UNKNOWN_COMMAND',
    retryable: false,
    description:
      'The first argument is not a command this tool has. Run `stellar-indexer help` for the list.',
  },
  {
    code: 'CLI_ERR_INTERRUPTED',
    retryable: true,
    description:
      'The run was stopped by SIGINT or SIGTERM. Everything committed before stays; rerun the same command to continue after the last whole ledger.',
  },
  {
    code: 'CLI_ERR_INTERNAL',
    retryable: false,
    description:
      'An unexpected failure without a code of its own: a bug. The stack trace is logged; please report it with the command line.',
  },
];

export function cliError(
  code: 'CLI_ERR_BAD_OPTION' | 'CLI_ERR_UNKNOWN_COMMAND',
  message: string,
  details: ErrorDetails = {},
): IndexerError {
  return new IndexerError(code, message, { details });
}
