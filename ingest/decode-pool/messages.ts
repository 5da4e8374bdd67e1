import type { ErrorDetails } from '../../contracts/errors.ts';
import type { DecodeSettings } from '../decode-raw-ledger.ts';

export interface DecodeRequest {
  readonly job: number;
  readonly sequence: number;
  readonly origin: string;
  readonly xdr: Uint8Array;
}

/** Settings as they cross the thread boundary (the network id as bytes). */
export interface WorkerSettings extends Omit<DecodeSettings, 'networkId'> {
  readonly networkId: Uint8Array;
}

export type DecodeResponse =
  | {
      readonly job: number;
      readonly ok: true;
      readonly sequence: number;
      readonly hash: string;
      readonly previousHash: string;
      readonly transactionCount: number;
      readonly operationCount: number;
      readonly types: string[];
      readonly ids: string[];
      /** Each fact already serialized, so the store does not stringify it again. */
      readonly payloads: string[];
    }
  | {
      readonly job: number;
      readonly ok: false;
      readonly code: string | null;
      readonly message: string;
      readonly details: ErrorDetails;
      readonly retryable: boolean;
    };
