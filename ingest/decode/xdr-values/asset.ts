import { createHash } from 'node:crypto';
import type { xdr } from '@stellar/stellar-sdk';
import type { AssetString } from '../../../contracts/asset.ts';
import type { LiquidityPoolParamsJson } from '../../../contracts/operation-bodies.ts';
import { bytesOf } from '../bytes.ts';
import { encodedXdrOf } from '../fast/raw-xdr.ts';
import { accountIdToStrkey } from './accounts.ts';
import { hex } from './text.ts';

const latin1 = new TextDecoder('latin1');

/** An alphanum4/12 asset code without its trailing NUL padding. */
export function assetCodeToString(code: xdr.AssetCode4 | xdr.AssetCode12): string {
  const bytes = bytesOf(code);
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  // Valid codes are [A-Za-z0-9]: built char by char; the decoder (one char per byte, never failing)
  // only for other bytes.
  let text = '';
  for (let i = 0; i < end; i++) {
    const c = bytes[i] as number;
    if (c > 0x7f) return latin1.decode(bytes.subarray(0, end));
    text += String.fromCharCode(c);
  }
  return text;
}

/** Hex pool id of constant-product pool parameters: SHA-256 of their XDR. */
export const liquidityPoolIdOf = (params: xdr.LiquidityPoolParameters): string =>
  createHash('sha256').update(encodedXdrOf(params)).digest('hex');

export function liquidityPoolParamsToJson(params: xdr.LiquidityPoolParameters): LiquidityPoolParamsJson {
  const cp = params.constantProduct;
  return { assetA: assetToString(cp.assetA), assetB: assetToString(cp.assetB), fee: cp.fee };
}

/**
 * Canonical asset string: `native`, `CODE:ISSUER`, or `pool:<hex pool id>` for pool shares in trust
 * lines (for a ChangeTrustAsset the id is computed from the pool parameters).
 */
export function assetToString(a: xdr.Asset | xdr.ChangeTrustAsset | xdr.TrustLineAsset): AssetString {
  switch (a.type) {
    case 'assetTypeNative':
      return 'native';
    case 'assetTypeCreditAlphanum4':
      return `${assetCodeToString(a.alphaNum4.assetCode)}:${accountIdToStrkey(a.alphaNum4.issuer)}`;
    case 'assetTypeCreditAlphanum12':
      return `${assetCodeToString(a.alphaNum12.assetCode)}:${accountIdToStrkey(a.alphaNum12.issuer)}`;
    case 'assetTypePoolShare':
      return 'liquidityPoolId' in a
        ? `pool:${hex(bytesOf(a.liquidityPoolId))}`
        : `pool:${liquidityPoolIdOf(a.liquidityPool)}`;
  }
}
