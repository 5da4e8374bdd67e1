import type { IngestProgress } from '../ingest/ingest-ledgers.ts';
import { totalEvents } from '../ingest/ingest-stats.ts';

const WIDTH = 24;

/** A one-line progress bar on a terminal: ledgers/s, events/s and ETA. Silent elsewhere. */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  const enabled = stream.isTTY === true;
  let firstLedger: number | null = null;
  return {
    update(p: IngestProgress & { readonly lagLedgers?: number | null }): void {
      if (!enabled) return;
      firstLedger ??= p.stats.fromLedger;
      const seconds = (performance.now() - started) / 1000;
      const lps = p.stats.ledgers / seconds;
      const eps = totalEvents(p.stats) / seconds;
      let bar = '';
      let eta = '';
      if (p.targetLedger !== null && firstLedger !== null) {
        const total = p.targetLedger - firstLedger + 1;
        const done = Math.min(1, p.stats.ledgers / total);
        const filled = Math.round(done * WIDTH);
        bar = `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${(done * 100).toFixed(0)}% `;
        eta = ` ETA ${Math.max(0, (total - p.stats.ledgers) / lps).toFixed(0)}s`;
      }
      const lag = p.lagLedgers === undefined || p.lagLedgers === null ? '' : `  lag ${p.lagLedgers} ledgers`;
      stream.write(
        `\r${bar}ledger ${p.lastLedger}  ${lps.toFixed(1)} ledgers/s  ${eps.toFixed(0)} events/s${eta}${lag}\u001b[K`,
      );
    },
    done(): void {
      if (enabled) stream.write('\n');
    },
  };
}
