-- Generations of each projection: one set of physical tables (`trades__g3`) per generation.
-- status_rank only grows (creating 0, building 1, live 2, retired 3, dropped 4), so the row with the
-- highest rank is the current state. `objects` lists the physical tables and views in creation
-- order; `views` holds the reader views (stable name and SELECT) the generation exposes when live.
CREATE TABLE IF NOT EXISTS _projection_generations
(
    projection_name String,
    generation UInt32,
    version UInt32,
    status LowCardinality(String),
    status_rank UInt8,
    objects Array(String),
    views String,
    updated_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(status_rank)
ORDER BY (projection_name, generation);
