import type { xdr } from '@stellar/stellar-sdk';
import type { Memo } from '../../contracts/events/transaction-applied.ts';
import { hexOf, textOf } from './bytes.ts';

type AnyUnion = { type: string; [arm: string]: unknown };

export function memoToJson(memo: xdr.Memo): Memo {
  const m = memo as unknown as AnyUnion;
  switch (m.type) {
    case 'memoText': {
      const text = textOf(m.text);
      const hex = hexOf((m.text as { bytes: unknown }).bytes);
      return text === null ? { type: 'text', value: '', hex } : { type: 'text', value: text };
    }
    case 'memoId':
      return { type: 'id', value: BigInt.asUintN(64, m.id as bigint).toString() };
    case 'memoHash':
      return { type: 'hash', value: hexOf(m.hash) };
    case 'memoReturn':
      return { type: 'return', value: hexOf(m.retHash) };
    default:
      return { type: 'none' };
  }
}
