import type { ReadModelCondition } from '../rules/rule-types.ts';
import type { AsOf, ConditionResult, ReadModelReader } from './read-model-reader.ts';
import { WINDOW_SQL, windowAsOf } from './window.ts';

type TransfersInto = Extract<ReadModelCondition, { type: 'transfersInto' }>;

/** Transfers and mints credited to the account per token; the largest total first. */
const sql = (
  oneToken: boolean,
): string => `SELECT token, toString(sum(amount)) AS total, toString(count()) AS transfers
FROM token_transfers
WHERE \`to\` = {account:String} AND ${WINDOW_SQL}${oneToken ? ' AND token = {token:String}' : ''}
GROUP BY token
ORDER BY sum(amount) DESC, token
LIMIT 1`;

/**
 * What the account received over the window (`token_transfers`: transfers and mints to it), in one
 * token (`asset`), or without `asset` in whichever token it received most of.
 */
export async function evaluateTransfersInto(
  reader: ReadModelReader,
  c: TransfersInto,
  asOf: AsOf,
): Promise<ConditionResult> {
  const window = windowAsOf(asOf, c.windowSeconds);
  const [row] = await reader.query<{ token: string; total: string; transfers: string }>(
    sql(c.asset !== null),
    {
      params: { account: c.account, ...window.params, ...(c.asset === null ? {} : { token: c.asset }) },
    },
  );
  const total = BigInt(row?.total ?? '0');
  const token = row?.token ?? c.asset ?? '';
  const transfers = row?.transfers ?? '0';
  const holds = row !== undefined && total >= BigInt(c.gte);
  const what = token === '' ? 'nothing' : `${total} ${token} in ${transfers} transfers`;
  return {
    holds,
    reason: `${c.account} received ${what} over ${c.windowSeconds} s to ledger ${asOf.ledger}, ${holds ? '>=' : '<'} ${c.gte}`,
    values: {
      account: c.account,
      asset: token,
      total: total.toString(),
      transfers,
      gte: c.gte,
      ...window.values,
    },
  };
}
