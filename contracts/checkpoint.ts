/** Where a stage stands: the last whole ledger it committed, and that ledger's hash for continuity. */
export interface Checkpoint {
  readonly ledger: number;
  readonly hash: string;
}
