import type { MercuriusContext } from 'mercurius';
import type { EventStore } from '../contracts/event-store.ts';
import type { ClickHouse } from '../projections/clickhouse/clickhouse.ts';
import type { RuleRegistry } from '../triggers/rules/rule-registry.ts';
import type { Principal } from './auth/principal.ts';
import type { ApiConfig } from './config.ts';
import type { LiveFeed } from './live/live-feed.ts';
import type { ApiMetrics } from './ops/metrics.ts';
import type { StatusSource } from './ops/status.ts';

/** What resolvers need, built once per server. */
export interface ApiDeps {
  readonly store: EventStore;
  readonly ch: ClickHouse;
  readonly config: ApiConfig;
  readonly feed: LiveFeed;
  readonly status: StatusSource;
  readonly metrics: ApiMetrics;
  /** Trigger rules managed through the API; null when the server was started without a state file. */
  readonly ruleRegistry: RuleRegistry | null;
}

/** The GraphQL context: mercurius's, plus the dependencies and who is asking. */
export interface ApiContext extends MercuriusContext {
  readonly deps: ApiDeps;
  readonly principal: Principal | null;
  /** Credentials were presented and refused: every operation fails with this. */
  readonly authError: Error | null;
  /** Set on websocket subscriptions: closes the connection (slow consumers). */
  readonly socket?: { close(code: number, reason: string): void; send(data: string): void };
  /** The subscription id mercurius gives each operation on a socket. */
  readonly id?: string;
}
