import { xdr } from '@stellar/stellar-sdk';
import { hexOf } from '../../../ingest/decode/bytes.ts';
import { viewLedger } from '../../../ingest/decode/ledger-view.ts';
import { pairTransactions } from '../../../ingest/decode/pair-transactions.ts';
import { networkId } from '../../../ingest/decode/transaction-hash.ts';
import { summarizeResult } from '../../../ingest/decode/transaction-result.ts';
import { openLocalLedgerSource } from '../../../ingest/sources/open-local-source.ts';
import { PUBNET, PUBNET_P26_DIR } from '../fixtures.ts';

/** One transaction of a fixture ledger as SDK XDR objects, in application order. */
export interface FixtureTx {
  readonly order: number;
  readonly hash: string;
  readonly successful: boolean;
  readonly envelope: xdr.TransactionEnvelope;
  readonly result: xdr.TransactionResult;
  readonly meta: xdr.TransactionMeta;
}

export interface FixtureLedger {
  readonly sequence: number;
  readonly hash: string;
  readonly previousHash: string;
  /** Seconds since the epoch. */
  readonly closeTime: number;
  readonly header: xdr.LedgerHeader;
  readonly txs: readonly FixtureTx[];
}

/**
 * The real pubnet fixture ledgers (p26-63092982-63093001) decoded with the SDK's own reader, so that
 * replay servers can re-encode any part byte for byte (`toXDR`). Transactions are paired with their
 * envelopes exactly as the ledger path pairs them.
 */
export async function loadFixtureLedgers(
  range: { from?: number; to?: number } = {},
): Promise<FixtureLedger[]> {
  const source = await openLocalLedgerSource(PUBNET_P26_DIR());
  const out: FixtureLedger[] = [];
  try {
    for await (const raw of source.read({ from: range.from, to: range.to })) {
      const lcm = xdr.LedgerCloseMeta.fromXDR(raw.xdr);
      const view = viewLedger(lcm);
      const applied = pairTransactions(view, {
        networkId: networkId(PUBNET),
        skipNetworkCheck: false,
        origin: raw.origin,
      });
      out.push({
        sequence: view.sequence,
        hash: view.hash,
        previousHash: hexOf(view.header.previousLedgerHash),
        closeTime: Number(view.header.scpValue.closeTime),
        header: view.header,
        txs: applied.map((t) => ({
          order: t.order,
          hash: t.processed.hash,
          successful: summarizeResult(t.processed.result).successful,
          envelope: t.envelope,
          result: t.processed.result,
          meta: t.processed.meta,
        })),
      });
    }
  } finally {
    await source.close();
  }
  return out;
}

/** RFC 3339 without fractions, as stellar-rpc and Horizon print times. */
export const rfc3339 = (seconds: number): string =>
  new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
