import type { xdr } from '@stellar/stellar-sdk';
import type { ClaimantJson, ClaimPredicateJson } from '../../../contracts/operation-bodies.ts';
import { encodedXdrOf } from '../fast/raw-xdr.ts';
import { accountIdToStrkey } from './accounts.ts';
import { hex } from './text.ts';

/** Hex of the whole XDR ClaimableBalanceID (4-byte type, then the hash): Horizon's `balance_id`. */
export const claimableBalanceIdToHex = (id: xdr.ClaimableBalanceId): string => hex(encodedXdrOf(id));

export function claimPredicateToJson(p: xdr.ClaimPredicate): ClaimPredicateJson {
  switch (p.type) {
    case 'claimPredicateUnconditional':
      return { type: 'unconditional' };
    case 'claimPredicateAnd':
      return { type: 'and', predicates: p.andPredicates.map(claimPredicateToJson) };
    case 'claimPredicateOr':
      return { type: 'or', predicates: p.orPredicates.map(claimPredicateToJson) };
    case 'claimPredicateNot':
      return {
        type: 'not',
        predicate: p.notPredicate === null ? null : claimPredicateToJson(p.notPredicate),
      };
    case 'claimPredicateBeforeAbsoluteTime':
      return { type: 'beforeAbsoluteTime', time: p.absBefore.toString() };
    case 'claimPredicateBeforeRelativeTime':
      return { type: 'beforeRelativeTime', seconds: p.relBefore.toString() };
  }
}

export const claimantToJson = (c: xdr.Claimant): ClaimantJson => ({
  destination: accountIdToStrkey(c.v0.destination),
  predicate: claimPredicateToJson(c.v0.predicate),
});
