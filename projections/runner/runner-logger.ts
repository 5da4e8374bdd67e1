/** What the runner logs through: pino's shape, so the CLI passes its logger as is. */
export interface RunnerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export const silentLogger: RunnerLogger = { info() {}, warn() {}, debug() {} };
