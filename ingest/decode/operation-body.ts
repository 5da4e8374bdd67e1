import type { xdr } from '@stellar/stellar-sdk';
import type { OperationBody, SetOptionsBody } from '../../contracts/operation-bodies.ts';
import { bytesOf } from './bytes.ts';
import { decodeError } from './errors.ts';
import { accountIdToStrkey, muxedAccountToStrkey } from './xdr-values/accounts.ts';
import { assetCodeToString, assetToString, liquidityPoolParamsToJson } from './xdr-values/asset.ts';
import { claimableBalanceIdToHex, claimantToJson } from './xdr-values/claimable-balance.ts';
import { priceToFraction } from './xdr-values/fraction.ts';
import { hostFunctionToJson } from './xdr-values/host-function.ts';
import { ledgerKeyToJson } from './xdr-values/ledger-key.ts';
import { signerKeyToStrkey } from './xdr-values/signer-key.ts';
import { hex, textFields } from './xdr-values/text.ts';

function setOptionsBody(op: xdr.SetOptionsOp): SetOptionsBody {
  return {
    type: 'setOptions',
    inflationDest: op.inflationDest === null ? null : accountIdToStrkey(op.inflationDest),
    clearFlags: op.clearFlags,
    setFlags: op.setFlags,
    masterWeight: op.masterWeight,
    lowThreshold: op.lowThreshold,
    medThreshold: op.medThreshold,
    highThreshold: op.highThreshold,
    ...(op.homeDomain === null ? { homeDomain: null } : textFields('homeDomain', op.homeDomain)),
    signer: op.signer === null ? null : { key: signerKeyToStrkey(op.signer.key), weight: op.signer.weight },
  };
}

/** Decodes an XDR operation body into its typed JSON form (see contracts/operation-bodies.ts). */
export function decodeOperationBody(body: xdr.OperationBody): OperationBody {
  switch (body.type) {
    case 'createAccount': {
      const op = body.createAccountOp;
      return {
        type: 'createAccount',
        destination: accountIdToStrkey(op.destination),
        startingBalance: op.startingBalance.toString(),
      };
    }
    case 'payment': {
      const op = body.paymentOp;
      return {
        type: 'payment',
        destination: muxedAccountToStrkey(op.destination),
        asset: assetToString(op.asset),
        amount: op.amount.toString(),
      };
    }
    case 'pathPaymentStrictReceive': {
      const op = body.pathPaymentStrictReceiveOp;
      return {
        type: 'pathPaymentStrictReceive',
        destination: muxedAccountToStrkey(op.destination),
        sendAsset: assetToString(op.sendAsset),
        sendMax: op.sendMax.toString(),
        destAsset: assetToString(op.destAsset),
        destAmount: op.destAmount.toString(),
        path: op.path.map(assetToString),
      };
    }
    case 'pathPaymentStrictSend': {
      const op = body.pathPaymentStrictSendOp;
      return {
        type: 'pathPaymentStrictSend',
        destination: muxedAccountToStrkey(op.destination),
        sendAsset: assetToString(op.sendAsset),
        sendAmount: op.sendAmount.toString(),
        destAsset: assetToString(op.destAsset),
        destMin: op.destMin.toString(),
        path: op.path.map(assetToString),
      };
    }
    case 'manageSellOffer': {
      const op = body.manageSellOfferOp;
      return {
        type: 'manageSellOffer',
        selling: assetToString(op.selling),
        buying: assetToString(op.buying),
        amount: op.amount.toString(),
        price: priceToFraction(op.price),
        offerId: op.offerId.toString(),
      };
    }
    case 'manageBuyOffer': {
      const op = body.manageBuyOfferOp;
      return {
        type: 'manageBuyOffer',
        selling: assetToString(op.selling),
        buying: assetToString(op.buying),
        buyAmount: op.buyAmount.toString(),
        price: priceToFraction(op.price),
        offerId: op.offerId.toString(),
      };
    }
    case 'createPassiveSellOffer': {
      const op = body.createPassiveSellOfferOp;
      return {
        type: 'createPassiveSellOffer',
        selling: assetToString(op.selling),
        buying: assetToString(op.buying),
        amount: op.amount.toString(),
        price: priceToFraction(op.price),
      };
    }
    case 'setOptions':
      return setOptionsBody(body.setOptionsOp);
    case 'changeTrust': {
      const op = body.changeTrustOp;
      return {
        type: 'changeTrust',
        line: assetToString(op.line),
        liquidityPool:
          op.line.type === 'assetTypePoolShare' ? liquidityPoolParamsToJson(op.line.liquidityPool) : null,
        limit: op.limit.toString(),
      };
    }
    case 'allowTrust': {
      const op = body.allowTrustOp;
      const code = op.asset.type === 'assetTypeCreditAlphanum4' ? op.asset.assetCode4 : op.asset.assetCode12;
      return {
        type: 'allowTrust',
        trustor: accountIdToStrkey(op.trustor),
        assetCode: assetCodeToString(code),
        authorize: op.authorize,
      };
    }
    case 'accountMerge':
      return { type: 'accountMerge', destination: muxedAccountToStrkey(body.destination) };
    case 'inflation':
      return { type: 'inflation' };
    case 'manageData': {
      const op = body.manageDataOp;
      return {
        type: 'manageData',
        ...textFields('dataName', op.dataName),
        dataValue: op.dataValue === null ? null : hex(bytesOf(op.dataValue)),
      };
    }
    case 'bumpSequence':
      return { type: 'bumpSequence', bumpTo: body.bumpSequenceOp.bumpTo.toString() };
    case 'createClaimableBalance': {
      const op = body.createClaimableBalanceOp;
      return {
        type: 'createClaimableBalance',
        asset: assetToString(op.asset),
        amount: op.amount.toString(),
        claimants: op.claimants.map(claimantToJson),
      };
    }
    case 'claimClaimableBalance':
      return {
        type: 'claimClaimableBalance',
        balanceId: claimableBalanceIdToHex(body.claimClaimableBalanceOp.balanceId),
      };
    case 'beginSponsoringFutureReserves':
      return {
        type: 'beginSponsoringFutureReserves',
        sponsoredId: accountIdToStrkey(body.beginSponsoringFutureReservesOp.sponsoredId),
      };
    case 'endSponsoringFutureReserves':
      return { type: 'endSponsoringFutureReserves' };
    case 'revokeSponsorship': {
      const op = body.revokeSponsorshipOp;
      return {
        type: 'revokeSponsorship',
        target:
          op.type === 'revokeSponsorshipLedgerEntry'
            ? { type: 'ledgerEntry', ledgerKey: ledgerKeyToJson(op.ledgerKey) }
            : {
                type: 'signer',
                accountId: accountIdToStrkey(op.signer.accountId),
                signerKey: signerKeyToStrkey(op.signer.signerKey),
              },
      };
    }
    case 'clawback': {
      const op = body.clawbackOp;
      return {
        type: 'clawback',
        from: muxedAccountToStrkey(op.from),
        asset: assetToString(op.asset),
        amount: op.amount.toString(),
      };
    }
    case 'clawbackClaimableBalance':
      return {
        type: 'clawbackClaimableBalance',
        balanceId: claimableBalanceIdToHex(body.clawbackClaimableBalanceOp.balanceId),
      };
    case 'setTrustLineFlags': {
      const op = body.setTrustLineFlagsOp;
      return {
        type: 'setTrustLineFlags',
        trustor: accountIdToStrkey(op.trustor),
        asset: assetToString(op.asset),
        clearFlags: op.clearFlags,
        setFlags: op.setFlags,
      };
    }
    case 'liquidityPoolDeposit': {
      const op = body.liquidityPoolDepositOp;
      return {
        type: 'liquidityPoolDeposit',
        liquidityPoolId: hex(bytesOf(op.liquidityPoolId)),
        maxAmountA: op.maxAmountA.toString(),
        maxAmountB: op.maxAmountB.toString(),
        minPrice: priceToFraction(op.minPrice),
        maxPrice: priceToFraction(op.maxPrice),
      };
    }
    case 'liquidityPoolWithdraw': {
      const op = body.liquidityPoolWithdrawOp;
      return {
        type: 'liquidityPoolWithdraw',
        liquidityPoolId: hex(bytesOf(op.liquidityPoolId)),
        amount: op.amount.toString(),
        minAmountA: op.minAmountA.toString(),
        minAmountB: op.minAmountB.toString(),
      };
    }
    case 'invokeHostFunction': {
      const op = body.invokeHostFunctionOp;
      return {
        type: 'invokeHostFunction',
        hostFunction: hostFunctionToJson(op.hostFunction),
        authEntryCount: op.auth.length,
      };
    }
    case 'extendFootprintTtl':
      return { type: 'extendFootprintTtl', extendTo: body.extendFootprintTtlOp.extendTo };
    case 'restoreFootprint':
      return { type: 'restoreFootprint' };
    default: {
      const type = String((body as { type?: unknown }).type);
      throw decodeError(
        'INGEST_ERR_XDR_UNSUPPORTED',
        `operation type ${type} is not known to this indexer: upgrade @stellar/stellar-sdk (and the indexer) to a version that supports it`,
        { field: 'Operation.body.type', operationType: type },
      );
    }
  }
}
