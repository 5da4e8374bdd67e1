import { StrKey, type xdr } from '@stellar/stellar-sdk';
import type { ScValJson } from '../../contracts/scval-json.ts';
import { bytesOf, hexOf, textOf } from './bytes.ts';
import { decodeError } from './errors.ts';
import {
  claimableBalanceV0Strkey,
  contractStrkey,
  ed25519PublicKeyStrkey,
  liquidityPoolStrkey,
} from './fast/strkey-memo.ts';

/** Two's-complement join of 64-bit limbs (high limb signed for signed types). */
function joinLimbs(limbs: readonly bigint[], signed: boolean): bigint {
  let v = 0n;
  for (const limb of limbs) v = (v << 64n) | BigInt.asUintN(64, limb);
  if (signed) v = BigInt.asIntN(64 * limbs.length, v);
  return v;
}

export function int128ToBigInt(parts: { hi: bigint; lo: bigint }, signed = true): bigint {
  return joinLimbs([parts.hi, parts.lo], signed);
}

export function scAddressToStrkey(address: xdr.ScAddress): string {
  const a = address as unknown as { type: string; [arm: string]: unknown };
  switch (a.type) {
    case 'scAddressTypeAccount':
      return ed25519PublicKeyStrkey(bytesOf((a.accountId as { ed25519: unknown }).ed25519));
    case 'scAddressTypeContract':
      return contractStrkey(bytesOf(a.contractId));
    case 'scAddressTypeMuxedAccount': {
      const m = a.muxedAccount as { id: bigint; ed25519: unknown };
      const raw = Buffer.alloc(40);
      Buffer.from(bytesOf(m.ed25519)).copy(raw, 0);
      raw.writeBigUInt64BE(BigInt.asUintN(64, m.id), 32);
      return StrKey.encodeMed25519PublicKey(raw);
    }
    case 'scAddressTypeClaimableBalance': {
      const id = a.claimableBalanceId as { type: string; v0: unknown };
      // Strkey payload: one version byte (0 = V0) followed by the 32-byte hash.
      return claimableBalanceV0Strkey(bytesOf(id.v0));
    }
    case 'scAddressTypeLiquidityPool':
      return liquidityPoolStrkey(bytesOf(a.liquidityPoolId));
    default:
      throw decodeError(
        'INGEST_ERR_XDR_UNSUPPORTED',
        `unknown ScAddress type ${a.type}: upgrade @stellar/stellar-sdk`,
        { field: 'ScAddress.type' },
      );
  }
}

/** Converts an ScVal to its lossless, type-tagged JSON form. */
export function scValToJson(value: xdr.ScVal): ScValJson {
  const v = value as unknown as { type: string; [arm: string]: unknown };
  switch (v.type) {
    case 'scvBool':
      return { type: 'bool', value: v.b as boolean };
    case 'scvVoid':
      return { type: 'void' };
    case 'scvError': {
      const e = v.error as { type: string; contractCode?: number; code?: { name: string } };
      return {
        type: 'error',
        value: { kind: e.type, code: e.contractCode ?? e.code?.name ?? 'unknown' },
      };
    }
    case 'scvU32':
      return { type: 'u32', value: v.u32 as number };
    case 'scvI32':
      return { type: 'i32', value: v.i32 as number };
    case 'scvU64':
      return { type: 'u64', value: BigInt.asUintN(64, v.u64 as bigint).toString() };
    case 'scvI64':
      return { type: 'i64', value: (v.i64 as bigint).toString() };
    case 'scvTimepoint':
      return { type: 'timepoint', value: BigInt.asUintN(64, v.timepoint as bigint).toString() };
    case 'scvDuration':
      return { type: 'duration', value: BigInt.asUintN(64, v.duration as bigint).toString() };
    case 'scvU128':
      return { type: 'u128', value: int128ToBigInt(v.u128 as { hi: bigint; lo: bigint }, false).toString() };
    case 'scvI128':
      return { type: 'i128', value: int128ToBigInt(v.i128 as { hi: bigint; lo: bigint }).toString() };
    case 'scvU256':
    case 'scvI256': {
      const p = (v.u256 ?? v.i256) as { hiHi: bigint; hiLo: bigint; loHi: bigint; loLo: bigint };
      const signed = v.type === 'scvI256';
      return {
        type: signed ? 'i256' : 'u256',
        value: joinLimbs([p.hiHi, p.hiLo, p.loHi, p.loLo], signed).toString(),
      };
    }
    case 'scvBytes':
      return { type: 'bytes', value: hexOf(v.bytes) };
    case 'scvString': {
      const text = textOf(v.str);
      return text === null
        ? { type: 'string', hex: hexOf((v.str as { bytes: unknown }).bytes) }
        : { type: 'string', value: text };
    }
    case 'scvSymbol':
      return { type: 'symbol', value: textOf(v.sym) ?? hexOf((v.sym as { bytes: unknown }).bytes) };
    case 'scvVec':
      return { type: 'vec', value: (v.vec as xdr.ScVal[] | null)?.map(scValToJson) ?? null };
    case 'scvMap':
      return {
        type: 'map',
        value:
          (v.map as { key: xdr.ScVal; val: xdr.ScVal }[] | null)?.map((e) => ({
            key: scValToJson(e.key),
            val: scValToJson(e.val),
          })) ?? null,
      };
    case 'scvAddress':
      return { type: 'address', value: scAddressToStrkey(v.address as xdr.ScAddress) };
    case 'scvContractInstance': {
      const exe = (v.instance as { executable: { type: string; wasmHash?: unknown } }).executable;
      return exe.wasmHash === undefined
        ? { type: 'contract_instance', executable: exe.type }
        : { type: 'contract_instance', executable: exe.type, wasmHash: hexOf(exe.wasmHash) };
    }
    case 'scvLedgerKeyContractInstance':
      return { type: 'ledger_key_contract_instance' };
    case 'scvLedgerKeyNonce':
      return { type: 'ledger_key_nonce', value: (v.nonceKey as { nonce: bigint }).nonce.toString() };
    default:
      throw decodeError(
        'INGEST_ERR_XDR_UNSUPPORTED',
        `unknown ScVal type ${v.type}: upgrade @stellar/stellar-sdk`,
        {
          field: 'ScVal.type',
        },
      );
  }
}
