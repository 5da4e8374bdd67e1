/** What remote sources log through (pino fits): retries and waits as warnings, progress as info. */
export interface RemoteLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** A logger that drops everything, for library use without logs. */
export const SILENT_LOGGER: RemoteLogger = Object.freeze({
  info: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
});
