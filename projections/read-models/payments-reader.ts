/**
 * The reader view of `payments`: the rows of the operations, with the amounts their bodies do not
 * carry filled in from `payment_legs` of the same operation:
 *
 * - pathPaymentStrictSend `amount` (received): the trailing run of trades that sold the destination
 *   asset, summed (what Horizon reports from the result's `last.amount`); no trades → the send amount.
 * - pathPaymentStrictReceive `source_amount` (sent): the leading run of trades that bought the send
 *   asset, summed (Horizon's `SendAmount()`); no trades → the destination amount.
 * - accountMerge `amount`: the operation's CAP-67 `native` transfer event; NULL without CAP-67 events.
 * - claimClaimableBalance `asset`/`amount`: the CAP-67 transfer (or burn, when the claimant is the
 *   issuer) out of the balance's `B…` address; NULL without CAP-67 events.
 */
export const PAYMENTS_READER = `SELECT
  p.id AS id,
  p.ledger AS ledger,
  p.close_time AS close_time,
  p.tx_hash AS tx_hash,
  p.op_index AS op_index,
  p.type AS type,
  p.from AS from,
  p.to AS to,
  p.from_muxed AS from_muxed,
  p.to_muxed AS to_muxed,
  if(p.type = 'claimClaimableBalance', l.claimed_asset, p.asset) AS asset,
  multiIf(
    p.type = 'accountMerge', l.merged_amount,
    p.type = 'claimClaimableBalance', l.claimed_amount,
    p.type = 'pathPaymentStrictSend', coalesce(l.last_hop_amount, p.source_amount),
    p.amount
  ) AS amount,
  p.source_asset AS source_asset,
  if(p.type = 'pathPaymentStrictReceive', coalesce(l.first_hop_amount, p.amount), p.source_amount) AS source_amount,
  p.claimable_balance AS claimable_balance,
  p.version AS version
FROM {{payments}} AS p FINAL
LEFT JOIN (
  SELECT
    op_id,
    merged_amount,
    claimed_asset,
    claimed_amount,
    if(empty(hops), NULL, arraySum(arraySlice(arrayMap(h -> h.5, hops), 1, leading))) AS first_hop_amount,
    if(empty(hops), NULL, arraySum(arraySlice(arrayMap(h -> h.3, reversed), 1, trailing))) AS last_hop_amount
  FROM (
    SELECT
      op_id,
      if(countIf(kind = 'transfer' AND asset = 'native') = 0, NULL,
        sumIf(amount, kind = 'transfer' AND asset = 'native')) AS merged_amount,
      if(countIf(startsWith(from_address, 'B')) = 0, NULL, anyIf(asset, startsWith(from_address, 'B'))) AS claimed_asset,
      if(countIf(startsWith(from_address, 'B')) = 0, NULL, sumIf(amount, startsWith(from_address, 'B'))) AS claimed_amount,
      arraySort(h -> h.1, groupArrayIf((leg_index, asset, amount, bought_asset, bought_amount), kind = 'trade')) AS hops,
      arrayReverse(hops) AS reversed,
      arrayFirstIndex(h -> h.4 != hops[1].4, hops) AS first_break,
      if(first_break = 0, length(hops), toUInt64(first_break - 1)) AS leading,
      arrayFirstIndex(h -> h.2 != reversed[1].2, reversed) AS last_break,
      if(last_break = 0, length(hops), toUInt64(last_break - 1)) AS trailing
    FROM {{payment_legs}} FINAL
    WHERE op_id IN (
      SELECT id FROM {{payments}}
      WHERE type IN ('accountMerge', 'claimClaimableBalance', 'pathPaymentStrictSend', 'pathPaymentStrictReceive')
    )
    GROUP BY op_id
  )
) AS l ON l.op_id = p.id`;
