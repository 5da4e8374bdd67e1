-- Where each generation of each projection stands: every store event up to `position` is folded in.
-- Written only after the batch's inserts were acknowledged; the highest position wins.
CREATE TABLE IF NOT EXISTS _projection_checkpoints
(
    projection_name String,
    generation UInt32,
    position UInt64,
    rows UInt64,
    close_time String,
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(position)
ORDER BY (projection_name, generation);
