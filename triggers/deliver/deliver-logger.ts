/** What the dispatcher logs through (pino fits): dead letters and outages as warnings. */
export interface DeliverLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export const SILENT_DELIVER_LOGGER: DeliverLogger = Object.freeze({
  info: () => undefined,
  warn: () => undefined,
  debug: () => undefined,
});
