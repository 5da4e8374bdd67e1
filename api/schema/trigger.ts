export const TRIGGER_SDL = `
"A stored fact of a firing of the trigger engine"
type TriggerMatch {
  type: String!
  id: String!
  "Store position of the matched fact"
  position: String!
}

type TriggerValue {
  name: String!
  "Exact decimal"
  value: String!
}

type TriggerFiring {
  "rule:ledger"
  id: String!
  rule: String!
  "event or readModel"
  ruleKind: String!
  ruleVersion: String!
  ledger: Int!
  closeTime: String!
  reason: String!
  matches: [TriggerMatch!]!
  values: [TriggerValue!]!
  "nats, webhook:<name>"
  deliver: [String!]!
}

type TriggerFiredUpdate {
  cursor: String!
  node: TriggerFiring!
}

"A trigger rule created through the API (rules of the rules file are not listed)"
type TriggerRule {
  name: String!
  "event or readModel"
  kind: String!
  "SHA-256 prefix of the normalized rule, as firings carry it"
  version: String!
  "The definition as given: YAML or JSON of one rule (format: triggers/README.md)"
  definition: String!
  updatedAt: String!
  "The principal that created or replaced it"
  updatedBy: String!
}
`;
