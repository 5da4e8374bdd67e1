import { parentPort, workerData } from 'node:worker_threads';
import { hasErrorCode } from '../../contracts/errors.ts';
import { decodeRawLedger } from '../decode-raw-ledger.ts';
import type { DecodeRequest, DecodeResponse, WorkerSettings } from './messages.ts';

const raw = workerData as WorkerSettings;
const settings = { ...raw, networkId: Buffer.from(raw.networkId) };

function handle(request: DecodeRequest): DecodeResponse {
  try {
    const ledger = decodeRawLedger(request, settings);
    const n = ledger.facts.length;
    const types = new Array<string>(n);
    const ids = new Array<string>(n);
    const payloads = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const fact = ledger.facts[i] as (typeof ledger.facts)[number];
      types[i] = fact.type;
      ids[i] = fact.id;
      payloads[i] = JSON.stringify(fact);
    }
    return {
      job: request.job,
      ok: true,
      sequence: ledger.sequence,
      hash: ledger.hash,
      previousHash: ledger.previousHash,
      transactionCount: ledger.transactionCount,
      operationCount: ledger.operationCount,
      types,
      ids,
      payloads,
    };
  } catch (error) {
    const typed = hasErrorCode(error);
    return {
      job: request.job,
      ok: false,
      code: typed ? error.code : null,
      message: error instanceof Error ? error.message : String(error),
      details: typed && typeof error.details === 'object' ? error.details : {},
      retryable: typed ? error.retryable === true : false,
    };
  }
}

parentPort?.on('message', (request: DecodeRequest) => {
  parentPort?.postMessage(handle(request));
});
