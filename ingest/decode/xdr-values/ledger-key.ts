import type { xdr } from '@stellar/stellar-sdk';
import type { LedgerKeyJson } from '../../../contracts/operation-bodies.ts';
import { bytesOf } from '../bytes.ts';
import { scAddressToStrkey, scValToJson } from '../scval-to-json.ts';
import { accountIdToStrkey } from './accounts.ts';
import { assetToString } from './asset.ts';
import { claimableBalanceIdToHex } from './claimable-balance.ts';
import { hex, textFields } from './text.ts';

/** A ledger key in compact typed JSON (ids as strkeys/hex, numbers as decimal strings). */
export function ledgerKeyToJson(k: xdr.LedgerKey): LedgerKeyJson {
  switch (k.type) {
    case 'account':
      return { type: 'account', accountId: accountIdToStrkey(k.account.accountId) };
    case 'trustline':
      return {
        type: 'trustline',
        accountId: accountIdToStrkey(k.trustLine.accountId),
        asset: assetToString(k.trustLine.asset),
      };
    case 'offer':
      return {
        type: 'offer',
        sellerId: accountIdToStrkey(k.offer.sellerId),
        offerId: k.offer.offerId.toString(),
      };
    case 'data':
      return {
        type: 'data',
        accountId: accountIdToStrkey(k.data.accountId),
        ...textFields('dataName', k.data.dataName),
      };
    case 'claimableBalance':
      return { type: 'claimableBalance', balanceId: claimableBalanceIdToHex(k.claimableBalance.balanceId) };
    case 'liquidityPool':
      return { type: 'liquidityPool', liquidityPoolId: hex(bytesOf(k.liquidityPool.liquidityPoolId)) };
    case 'contractData':
      return {
        type: 'contractData',
        contract: scAddressToStrkey(k.contractData.contract),
        key: scValToJson(k.contractData.key),
        durability: k.contractData.durability.name,
      };
    case 'contractCode':
      return { type: 'contractCode', hash: hex(bytesOf(k.contractCode.hash)) };
    case 'configSetting':
      return { type: 'configSetting', configSettingId: k.configSetting.configSettingId.name };
    case 'ttl':
      return { type: 'ttl', keyHash: hex(bytesOf(k.ttl.keyHash)) };
  }
}
