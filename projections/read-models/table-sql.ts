/**
 * Settings of every MergeTree table: the runner re-inserts a batch after a crash with the same
 * `insert_deduplication_token`, and this window makes ClickHouse drop the repeated blocks (and keeps
 * materialized views from seeing them twice).
 */
export const MERGE_TREE_SETTINGS = 'SETTINGS non_replicated_deduplication_window = 1000';
