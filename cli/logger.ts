import pino, { type Logger } from 'pino';

/** Logs go to stderr so that stdout stays clean for `--json` and JSON lines. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: undefined }, pino.destination({ fd: 2, sync: true }));
}
