import { hasErrorCode } from '../../../contracts/errors.ts';
import type { LedgerSource, RawLedger } from '../../../contracts/ledger-source.ts';
import { remoteError } from '../../remote/errors.ts';
import type { RemoteLogger } from '../../remote/remote-logger.ts';
import { createSourceShell } from '../source-shell.ts';
import { readLedgerHashes } from './ledger-hashes.ts';
import type { RpcLedgerSource } from './rpc-source.ts';

/** A data lake as the handoff reads it: from a ledger until the lake ends (or `to`). */
export interface LakeUntilEnd {
  readonly description: string;
  /** Ledgers from `from` in order; ends quietly where the lake ends, or yields none if it lacks `from`. */
  readUntilEnd(from: number, to: number | undefined, signal: AbortSignal): AsyncIterable<RawLedger>;
  close(): Promise<void>;
}

/** Adapts a local lake (or any LedgerSource) to LakeUntilEnd: a range it does not cover ends the read. */
export function lakeUntilEndOf(source: LedgerSource): LakeUntilEnd {
  return {
    description: source.description,
    async *readUntilEnd(from, to, signal) {
      let yielded = false;
      try {
        for await (const raw of source.read({ from, signal })) {
          if (to !== undefined && raw.sequence > to) return;
          yielded = true;
          yield raw;
        }
      } catch (error) {
        // A lake that does not reach `from` holds nothing for the handoff; the handoff says what is missing.
        if (!yielded && hasErrorCode(error, 'INGEST_ERR_SOURCE_RANGE')) return;
        throw error;
      }
    },
    close: () => source.close(),
  };
}

export interface LakeHandoffSourceOptions {
  readonly rpc: RpcLedgerSource;
  readonly lake: LakeUntilEnd;
  readonly logger: RemoteLogger;
}

function handoffError(message: string, rpc: string, ledger: number, extra: Record<string, string | number>) {
  return remoteError('INGEST_ERR_HANDOFF', message, { source: rpc, cursor: ledger - 1, ledger }, extra);
}

/**
 * Stellar RPC with a data lake behind it: ledgers older than the oldest one RPC keeps are read from
 * the lake (as far as it goes, or up to `to`), then reading hands off to RPC at the next ledger. At
 * the seam the first RPC ledger's previous-ledger hash must equal the last lake ledger's hash, and
 * RPC must still keep that ledger; otherwise INGEST_ERR_HANDOFF. A start RPC keeps is read from RPC
 * alone.
 */
export function createLakeHandoffSource(options: LakeHandoffSourceOptions): LedgerSource {
  const { rpc, lake, logger } = options;
  const description = `${rpc.description} after ${lake.description}`;

  async function* read(
    from: number | undefined,
    to: number | undefined,
    signal: AbortSignal,
  ): AsyncGenerator<RawLedger, void, undefined> {
    let held = await rpc.window(signal);
    const start = from ?? held.oldest;
    if (start >= held.oldest) {
      yield* rpc.readLedgers({ from: start, to, signal });
      return;
    }
    logger.info(
      { lake: lake.description, rpc: rpc.description, from: start, rpcOldest: held.oldest },
      'backfilling from the data lake before handing off to RPC',
    );
    let last: RawLedger | undefined;
    for await (const raw of lake.readUntilEnd(start, to, signal)) {
      yield raw;
      last = raw;
    }
    if (to !== undefined && last !== undefined && last.sequence >= to) return;
    const next = last === undefined ? start : last.sequence + 1;
    held = await rpc.window(signal);
    if (next < held.oldest) {
      const lakeSays =
        last === undefined
          ? `the data lake ${lake.description} does not hold ledger ${start}`
          : `the data lake ${lake.description} ends at ledger ${last.sequence}`;
      throw handoffError(
        `Cannot hand off to RPC: ${lakeSays} and ${rpc.description} keeps only ledgers ${held.oldest}..${held.latest}, so ledgers ${next}..${held.oldest - 1} are in neither. Use a lake that reaches ledger ${held.oldest - 1}, or start at --from ${held.oldest}.`,
        rpc.description,
        next,
        { oldestLedger: held.oldest, lake: lake.description },
      );
    }
    const lastHash = last === undefined ? undefined : readLedgerHashes(last.xdr, last.origin).hash;
    logger.info(
      { lake: lake.description, rpc: rpc.description, lastLakeLedger: last?.sequence ?? null, ledger: next },
      'handing off from the data lake to RPC',
    );
    let first = true;
    for await (const ledger of rpc.readLedgers({ from: next, to, signal })) {
      if (first && lastHash !== undefined && ledger.previousHash !== lastHash) {
        throw handoffError(
          `At the handoff from ${lake.description} to ${rpc.description}, RPC ledger ${ledger.sequence} says the previous ledger's hash is ${ledger.previousHash}, but the lake's ledger ${next - 1} has hash ${lastHash}: the two sources hold different chains. Check that both are for the same network.`,
          rpc.description,
          ledger.sequence,
          { lakeHash: lastHash, rpcPreviousHash: ledger.previousHash },
        );
      }
      first = false;
      yield ledger;
    }
  }

  const shell = createSourceShell({
    description,
    read: (range, signal) => read(range.from, range.to, signal),
  });
  return {
    description,
    read: shell.read,
    async close() {
      await shell.close();
      await Promise.all([rpc.close(), lake.close()]);
    },
  };
}
