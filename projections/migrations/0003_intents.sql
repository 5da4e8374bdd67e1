-- The batch a generation is about to insert: store positions (from_position, to_position]. Written
-- before the inserts; when it is beyond the checkpoint at start-up, that exact range is redone with
-- the same deduplication tokens, so ClickHouse drops the blocks that were already stored.
CREATE TABLE IF NOT EXISTS _projection_intents
(
    projection_name String,
    generation UInt32,
    from_position UInt64,
    to_position UInt64,
    created_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(to_position)
ORDER BY (projection_name, generation);
