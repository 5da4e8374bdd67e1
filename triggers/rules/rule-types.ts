/** A rule as loaded: validated, defaults applied, integers as canonical decimal strings. */
export type RuleKind = 'event' | 'readModel';

/**
 * `always`: fire every ledger where the condition holds. `onClear`: fire when it becomes true, then
 * again only after a ledger where it was false (or once the cooldown has passed).
 */
export type Rearm = 'always' | 'onClear';

export type Scalar = string | number | boolean | null;

/** Exact integer comparison: each present bound must hold (values are decimal strings). */
export interface IntegerTest {
  readonly eq?: string;
  readonly ne?: string;
  readonly gt?: string;
  readonly gte?: string;
  readonly lt?: string;
  readonly lte?: string;
}

/** A test on any field path of the stored event: every present operator must hold. */
export interface FieldTest extends IntegerTest {
  readonly eq?: string;
  readonly ne?: string;
  readonly in?: readonly string[];
  readonly prefix?: string;
}

export interface EventWhere {
  /** Strkey compared with the from/to/source/account fields of the data (see triggers/README.md). */
  readonly account?: string;
  /** `native` or `CODE:ISSUER`, compared with data.asset (and a trade's assetSold/assetBought). */
  readonly asset?: string;
  /** C… strkey, compared with data.contractId. */
  readonly contract?: string;
  /** ContractEventEmitted topic patterns: text, `*` (any one topic), `**` last (any rest). */
  readonly topics?: readonly string[];
  readonly amount?: IntegerTest;
  /** Field path (e.g. `data.kind`) to its test. */
  readonly fields: { readonly [path: string]: FieldTest };
}

/** A pair as the rule wrote it: `base/counter`. */
export interface PairSpec {
  readonly base: string;
  readonly counter: string;
}

export type ReadModelCondition =
  | {
      readonly type: 'volume';
      readonly pair: PairSpec;
      readonly windowSeconds: number;
      readonly side: 'base' | 'counter';
      readonly gte: string;
    }
  | {
      readonly type: 'priceChange';
      readonly pair: PairSpec;
      readonly windowSeconds: number;
      /** Exactly one of the two, a decimal string (`"5"`, `"-2.5"`). */
      readonly gtePercent?: string;
      readonly ltePercent?: string;
    }
  | {
      readonly type: 'transfersInto';
      readonly account: string;
      /** `native`, `CODE:ISSUER` or a C… token contract; null: any one token reaching `gte`. */
      readonly asset: string | null;
      readonly windowSeconds: number;
      readonly gte: string;
    }
  | {
      readonly type: 'poolReserves';
      /** Hex pool id (the read model's key), whether the rule gave hex or an L… strkey. */
      readonly pool: string;
      /** `native` or `CODE:ISSUER`: one of the pool's two assets. */
      readonly asset: string;
      /** Holds while the reserve is strictly below this (an integer in the asset's smallest unit). */
      readonly below: string;
    };

interface RuleBase {
  readonly name: string;
  /** First 16 hex chars of SHA-256 of the normalized rule (see rule-version.ts). */
  readonly version: string;
  readonly rearm: Rearm;
  /** 0: no cooldown. */
  readonly cooldownSeconds: number;
  /** `nats`, `webhook:<name>`. */
  readonly deliver: readonly string[];
}

export interface EventRule extends RuleBase {
  readonly kind: 'event';
  readonly event: string;
  readonly where: EventWhere;
}

export interface ReadModelRule extends RuleBase {
  readonly kind: 'readModel';
  readonly condition: ReadModelCondition;
}

export type TriggerRule = EventRule | ReadModelRule;

/** One thing wrong with a rules file. */
export interface RuleProblem {
  /** `"name" (rules[2])`, or `rules[2]` when the rule has no usable name, or `(file)`. */
  readonly rule: string;
  /** Path inside the rule, e.g. `where.amount.gte`. */
  readonly field: string;
  readonly problem: string;
}
