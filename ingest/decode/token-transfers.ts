import type { ContractEventEmitted } from '../../contracts/events/contract-event-emitted.ts';
import {
  TOKEN_TRANSFERRED,
  TOKEN_TRANSFERRED_VERSION,
  type TokenTransferKind,
  type TokenTransferred,
} from '../../contracts/events/token-transferred.ts';
import type { ScValJson } from '../../contracts/scval-json.ts';
import { type FactContext, makeFact } from './fact-context.ts';

type Parties = { from: string | null; to: string | null; asset: string | null };

const KINDS = new Set<string>(['transfer', 'mint', 'burn', 'clawback', 'fee']);

const addressOf = (v: ScValJson | undefined): string | null => (v?.type === 'address' ? v.value : null);
const assetOf = (v: ScValJson | undefined): string | null =>
  v?.type === 'string' && 'value' in v ? v.value : null;

/** Amount from event data: an i128, or CAP-67's map `{amount, to_muxed_id}` for muxed destinations. */
function amountOf(data: ScValJson): { amount: string; toMuxedId: string | null } | null {
  if (data.type === 'i128') return { amount: data.value, toMuxedId: null };
  if (data.type !== 'map' || data.value === null) return null;
  let amount: string | null = null;
  let toMuxedId: string | null = null;
  for (const { key, val } of data.value) {
    if (key.type !== 'symbol') continue;
    if (key.value === 'amount' && val.type === 'i128') amount = val.value;
    if (key.value === 'to_muxed_id') {
      if (val.type === 'u64' || val.type === 'bytes' || val.type === 'symbol') toMuxedId = val.value;
      else if (val.type === 'string' && 'value' in val) toMuxedId = val.value;
    }
  }
  return amount === null ? null : { amount, toMuxedId };
}

/**
 * Reads the parties of a transfer-like event. Both the CAP-67 unified shapes
 * (`[transfer, from, to, asset?]`, `[mint, to, asset?]`, `[burn, from, asset?]`, `[clawback, from, asset?]`,
 * `[fee, from]`) and the older SEP-41 / pre-CAP-67 ones that name an admin first
 * (`[mint, admin, to, asset?]`, `[clawback, admin, from, asset?]`) are accepted.
 */
function partiesOf(kind: TokenTransferKind, topics: readonly ScValJson[]): Parties | null {
  const [, t1, t2, t3] = topics;
  switch (kind) {
    case 'transfer': {
      const from = addressOf(t1);
      const to = addressOf(t2);
      return from && to ? { from, to, asset: assetOf(t3) } : null;
    }
    case 'mint': {
      if (addressOf(t2)) return { from: null, to: addressOf(t2), asset: assetOf(t3) };
      const to = addressOf(t1);
      return to ? { from: null, to, asset: assetOf(t2) } : null;
    }
    case 'clawback': {
      if (addressOf(t2)) return { from: addressOf(t2), to: null, asset: assetOf(t3) };
      const from = addressOf(t1);
      return from ? { from, to: null, asset: assetOf(t2) } : null;
    }
    case 'burn': {
      const from = addressOf(t1);
      return from ? { from, to: null, asset: assetOf(t2) } : null;
    }
    case 'fee': {
      const from = addressOf(t1);
      return from ? { from, to: null, asset: 'native' } : null;
    }
  }
}

/**
 * The TokenTransferred fact a contract event describes, or null when it is not a transfer-like event
 * (or an operation's event in a failed transaction). The fact's id equals the contract event's id.
 */
export function tokenTransferOf(ctx: FactContext, event: ContractEventEmitted): TokenTransferred | null {
  const { data } = event;
  if (data.eventType !== 'contract') return null;
  // Fees (transaction-level events) are charged whether or not the transaction succeeded.
  if (!data.inSuccessfulContractCall && data.operationIndex !== null) return null;
  const head = data.topics[0];
  if (head?.type !== 'symbol' || !KINDS.has(head.value)) return null;
  const kind = head.value as TokenTransferKind;
  const parties = partiesOf(kind, data.topics);
  const amount = amountOf(data.data);
  if (parties === null || amount === null) return null;
  return makeFact(ctx, TOKEN_TRANSFERRED, TOKEN_TRANSFERRED_VERSION, event.id, event.txHash, {
    kind,
    shape: parties.asset === null ? 'sep41' : 'cap67',
    from: parties.from,
    to: parties.to,
    asset: parties.asset,
    contractId: data.contractId,
    amount: amount.amount,
    toMuxedId: amount.toMuxedId,
    operationIndex: data.operationIndex,
    eventId: event.id,
  });
}
