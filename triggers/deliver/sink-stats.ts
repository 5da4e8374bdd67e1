/** Counters of one sink since the dispatcher started (for metrics and logs). */
export interface SinkStats {
  /** Firings the sink acknowledged. */
  delivered: number;
  /** Failed attempts that were tried again. */
  retries: number;
  /** Firings given up on (see listDeadLetters for the persisted rows). */
  deadLetters: number;
  /** NATS only: publishes the server dropped as already seen (redelivery after a restart). */
  duplicates: number;
  /** The last stream revision the sink is done with, null before the first. */
  lastRevision: bigint | null;
}

export interface SinkStatsRegistry {
  of(sink: string): SinkStats;
  snapshot(): { readonly [sink: string]: Readonly<SinkStats> };
}

export function createSinkStatsRegistry(): SinkStatsRegistry {
  const bySink = new Map<string, SinkStats>();
  return {
    of(sink) {
      let stats = bySink.get(sink);
      if (stats === undefined) {
        stats = { delivered: 0, retries: 0, deadLetters: 0, duplicates: 0, lastRevision: null };
        bySink.set(sink, stats);
      }
      return stats;
    },
    snapshot() {
      return Object.freeze(Object.fromEntries([...bySink].map(([k, v]) => [k, Object.freeze({ ...v })])));
    },
  };
}
