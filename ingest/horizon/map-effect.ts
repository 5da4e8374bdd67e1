import {
  EFFECT_RECORDED,
  EFFECT_RECORDED_VERSION,
  type EffectRecorded,
  type HorizonJson,
} from '../../contracts/events/effect-recorded.ts';
import { parseToid } from '../../contracts/ids.ts';
import type { RecordReader } from './record-fields.ts';

/** Fields every effect has; the rest of the record is the effect's details. */
const COMMON = new Set([
  '_links',
  'id',
  'paging_token',
  'account',
  'account_muxed',
  'account_muxed_id',
  'type',
  'type_i',
  'type_s',
  'created_at',
]);

/**
 * An `/effects` record → EffectRecorded. The id is the paging token `${operationTOID}-${index}`;
 * Horizon's own `id` (zero-padded) is not used. Old records name the type `type_s` with a numeric
 * `type`; current ones `type` with a numeric `type_i`: both are read.
 */
export function mapEffect(r: RecordReader, network: string, txHash: string | null): EffectRecorded {
  const { token } = r;
  if (token.index === null || token.index < 1) {
    throw r.fail('paging_token', 'must be `operationTOID-index` (index from 1) for an effect');
  }
  const { ledger, txOrder, opIndex } = parseToid(token.toid);
  if (txOrder === 0 || opIndex === 0) throw r.fail('paging_token', 'is not the TOID of an operation');
  const typeField = r.record.type;
  const effectType = typeof typeField === 'string' ? typeField : r.string('type_s');
  const effectTypeId = typeof typeField === 'number' ? typeField : r.optionalInteger('type_i');
  const details: Record<string, HorizonJson> = {};
  for (const [key, value] of Object.entries(r.record)) {
    if (!COMMON.has(key)) details[key] = value as HorizonJson;
  }
  return {
    id: `${token.toid}-${token.index}`,
    type: EFFECT_RECORDED,
    schemaVersion: EFFECT_RECORDED_VERSION,
    network,
    ledger,
    closeTime: r.time('created_at'),
    txHash,
    data: {
      effectType,
      effectTypeId,
      account: r.optionalString('account'),
      accountMuxed: r.optionalString('account_muxed'),
      operationId: token.toid.toString(),
      index: token.index,
      details,
    },
  };
}
