/** Shared pieces: ordering, page info, pairs. Amounts are exact integer strings in the asset's smallest unit. */
export const COMMON_SDL = `
"Sort direction of a list; newest first (DESC) by default."
enum Order { ASC DESC }

type PageInfo {
  hasNextPage: Boolean!
  "Pass as after to read the next page."
  endCursor: String
}

"A trading pair; either order is accepted and normalized (native first, else byte order)."
input PairInput {
  "native or CODE:ISSUER"
  base: String!
  "native or CODE:ISSUER"
  counter: String!
}
`;

/** The Relay connection and subscription update types of one node type. */
export const connectionOf = (node: string): string => `
type ${node}Edge { cursor: String!, node: ${node}! }
type ${node}Connection { edges: [${node}Edge!]!, nodes: [${node}!]!, pageInfo: PageInfo! }
"A subscription item: the cursor to resume after it, and the item."
type ${node}Update { cursor: String!, node: ${node}! }
`;
