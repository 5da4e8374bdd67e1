import { Worker } from 'node:worker_threads';
import { IndexerError } from '../../contracts/errors.ts';
import type { NewEvent } from '../../contracts/event-store.ts';
import type { RawLedger } from '../../contracts/ledger-source.ts';
import type { DecodeSettings } from '../decode-raw-ledger.ts';
import type { LedgerEvents } from '../ledger-events.ts';
import type { DecodeRequest, DecodeResponse } from './messages.ts';

export interface DecodePool {
  readonly size: number;
  decode(raw: RawLedger): Promise<LedgerEvents>;
  close(): Promise<void>;
}

interface Pending {
  resolve(ledger: LedgerEvents): void;
  reject(error: unknown): void;
}

function toLedgerEvents(r: Extract<DecodeResponse, { ok: true }>): LedgerEvents {
  const events = new Array<NewEvent>(r.types.length);
  for (let i = 0; i < events.length; i++) {
    const payloadJson = r.payloads[i] as string;
    events[i] = {
      type: r.types[i] as string,
      id: r.ids[i] as string,
      ledger: r.sequence,
      payloadJson,
      get payload(): unknown {
        return JSON.parse(payloadJson);
      },
    };
  }
  const { sequence, hash, previousHash, transactionCount, operationCount } = r;
  return { sequence, hash, previousHash, transactionCount, operationCount, events };
}

/**
 * Decodes ledgers on worker threads, so decoding runs beside the store writes on the main thread.
 * Jobs go to the worker with the fewest in flight; results come back with payloads already JSON.
 */
export function createDecodePool(options: { size: number; settings: DecodeSettings }): DecodePool {
  const workerData = { ...options.settings, networkId: new Uint8Array(options.settings.networkId) };
  const pending = new Map<number, Pending>();
  const load: number[] = [];
  let nextJob = 1;
  let failure: unknown = null;
  const workers = Array.from({ length: options.size }, (_, index) => {
    const worker = new Worker(new URL('./decode-worker.mjs', import.meta.url), { workerData });
    load.push(0);
    worker.on('message', (response: DecodeResponse) => {
      load[index] = (load[index] ?? 1) - 1;
      const job = pending.get(response.job);
      pending.delete(response.job);
      if (job === undefined) return;
      if (response.ok) job.resolve(toLedgerEvents(response));
      else
        job.reject(
          new IndexerError(response.code ?? 'INGEST_ERR_DECODE_WORKER', response.message, {
            details: response.details,
            retryable: response.retryable,
          }),
        );
    });
    worker.on('error', (error) => {
      failure = error;
      for (const job of pending.values()) job.reject(error);
      pending.clear();
    });
    return worker;
  });

  return {
    size: options.size,
    decode(raw: RawLedger): Promise<LedgerEvents> {
      if (failure !== null) return Promise.reject(failure);
      let index = 0;
      for (let i = 1; i < load.length; i++) if ((load[i] ?? 0) < (load[index] ?? 0)) index = i;
      load[index] = (load[index] ?? 0) + 1;
      const job = nextJob++;
      const request: DecodeRequest = { job, sequence: raw.sequence, origin: raw.origin, xdr: raw.xdr };
      return new Promise<LedgerEvents>((resolve, reject) => {
        pending.set(job, { resolve, reject });
        (workers[index] as Worker).postMessage(request);
      });
    },
    async close(): Promise<void> {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
