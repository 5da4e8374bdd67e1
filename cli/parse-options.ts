import { parseArgs } from 'node:util';
import { cliError } from './errors.ts';

type OptionSpec = { type: 'string' | 'boolean'; short?: string; default?: string | boolean };

/** node:util parseArgs with typed errors instead of plain ones. */
export function parseOptions<T extends Record<string, OptionSpec>>(
  args: readonly string[],
  options: T,
  command: string,
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw cliError('CLI_ERR_BAD_OPTION', `${command}: ${message.split('\n')[0]}`, { command });
  }
}

/** A whole non-negative number, or a typed error naming the option. */
export function ledgerOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) {
    throw cliError(
      'CLI_ERR_BAD_OPTION',
      `--${name} must be a ledger sequence (a whole number), got "${value}"`,
      {
        option: name,
      },
    );
  }
  return Number(value);
}
