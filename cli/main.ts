import { hasErrorCode } from '../contracts/errors.ts';
import { EVENTS_USAGE, eventsCommand } from './commands/events-command.ts';
import { INGEST_USAGE, ingestCommand } from './commands/ingest-command.ts';
import { KEYS_USAGE, keysCommand } from './commands/keys-command.ts';
import { PROJECT_USAGE, projectCommand } from './commands/project-command.ts';
import { SERVE_USAGE, serveCommand } from './commands/serve-command.ts';
import { SQL_USAGE, sqlCommand } from './commands/sql-command.ts';
import { START_USAGE, startCommand } from './commands/start-command.ts';
import { STREAM_USAGE, streamCommand } from './commands/stream-command.ts';
import { TRIGGERS_USAGE, triggersCommand } from './commands/triggers-command.ts';
import { cliError } from './errors.ts';

type Command = (args: readonly string[], signal: AbortSignal) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  ingest: ingestCommand,
  events: eventsCommand,
  project: projectCommand,
  sql: sqlCommand,
  stream: streamCommand,
  serve: serveCommand,
  start: startCommand,
  keys: keysCommand,
  triggers: triggersCommand,
};

const USAGE = `usage:\n${[
  INGEST_USAGE,
  EVENTS_USAGE,
  PROJECT_USAGE,
  SQL_USAGE,
  STREAM_USAGE,
  SERVE_USAGE,
  START_USAGE,
  KEYS_USAGE,
  TRIGGERS_USAGE,
]
  .map((u) => `  ${u.replaceAll('\n', '\n  ')}\n`)
  .join('')}`;

/** Runs one command; returns the exit code. Every failure is one line on stderr: code and message. */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    const command = COMMANDS[name];
    if (command === undefined) {
      throw cliError(
        'CLI_ERR_UNKNOWN_COMMAND',
        `unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}`,
      );
    }
    return await command(args, controller.signal);
  } catch (error) {
    if (hasErrorCode(error) && typeof (error as { toLine?: unknown }).toLine === 'function') {
      process.stderr.write(`${error.toLine()}\n`);
      return hasErrorCode(error, 'CLI_ERR_BAD_OPTION') || hasErrorCode(error, 'CLI_ERR_UNKNOWN_COMMAND')
        ? 2
        : 1;
    }
    if (controller.signal.aborted) {
      process.stderr.write('CLI_ERR_INTERRUPTED: stopped by signal; rerun the same command to continue\n');
      return 130;
    }
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`CLI_ERR_INTERNAL: ${message.split('\n')[0]}\n`);
    process.stderr.write(`${message}\n`);
    return 1;
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
