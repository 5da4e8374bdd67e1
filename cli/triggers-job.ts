import type { Logger } from 'pino';
import type { EventStore } from '../contracts/event-store.ts';
import { openMessageBus } from '../messaging/open-message-bus.ts';
import type { ClickHouse } from '../projections/clickhouse/clickhouse.ts';
import type { ClickHouseConnector } from '../projections/clickhouse/connector.ts';
import { createTriggerDispatcher } from '../triggers/deliver/create-trigger-dispatcher.ts';
import { createProjectionWait, projectionsFor } from '../triggers/engine/projection-wait.ts';
import { createTriggerEngine } from '../triggers/engine/trigger-engine.ts';
import { loadRulesFile } from '../triggers/rules/load-rules.ts';
import type { RulesFile } from '../triggers/rules/parse-rules.ts';
import { openRuleRegistry } from '../triggers/rules/rule-registry.ts';
import type { TriggerRule } from '../triggers/rules/rule-types.ts';

/** Where the trigger engine, its deliveries and the API-managed rules keep their state. */
export const DEFAULT_TRIGGERS_STATE = '.data/triggers.db';

export interface TriggersJobOptions {
  readonly store: EventStore;
  readonly connector: ClickHouseConnector;
  readonly clickhouseUri: string;
  /** YAML or JSON rules (and webhooks); none: only the rules created through the API. */
  readonly rulesFile?: string | undefined;
  readonly statePath: string;
  /** JetStream for `nats` deliveries; none: the in-process bus (webhooks and GraphQL still work). */
  readonly natsUrl?: string | undefined;
  /** Network label of the firings (and the key of the engine's state). */
  readonly network: string;
  /** First ledger to evaluate when the engine has no saved state. */
  readonly from?: number | undefined;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  /** How often to look for rules changed through the API, ms. */
  readonly reloadIntervalMs?: number;
}

/**
 * The trigger engine and its dispatcher until the signal aborts: firings are appended to the store's
 * triggers stream, then delivered (JetStream, webhooks). Rules come from the file plus the registry;
 * when the registry changes (a GraphQL mutation, in this or another process) the engine stops after
 * its current ledger and restarts with the new rules from its saved state, so nothing fires twice.
 */
export async function runTriggersJob(options: TriggersJobOptions): Promise<void> {
  const { store, logger, signal } = options;
  const file: RulesFile =
    options.rulesFile === undefined ? { rules: [], webhooks: [] } : await loadRulesFile(options.rulesFile);
  const registry = openRuleRegistry(options.statePath);
  const bus = await openMessageBus({
    natsUrl: options.natsUrl,
    name: 'stellar-indexer-triggers',
    logger,
    background: true,
  });
  const dispatcher = createTriggerDispatcher({
    store,
    bus,
    webhooks: file.webhooks,
    statePath: options.statePath,
    logger,
  });
  let ch: ClickHouse | null = null;
  try {
    await dispatcher.start();
    const fileNames = new Set(file.rules.map((r) => r.name));
    while (!signal.aborted) {
      const version = registry.version();
      const rules: TriggerRule[] = [
        ...file.rules,
        ...registry
          .list()
          .map((r) => r.rule)
          .filter((r) => !fileNames.has(r.name)),
      ];
      const readModel = rules.some((r) => r.kind === 'readModel');
      if (readModel && ch === null)
        ch = await options.connector.open(options.clickhouseUri, { readOnly: true });
      const engine = createTriggerEngine({
        store,
        rules,
        network: options.network,
        statePath: options.statePath,
        logger,
        onFired: () => dispatcher.notify(),
        ...(options.from === undefined ? {} : { from: options.from }),
        ...(readModel && ch !== null
          ? {
              clickhouse: ch,
              waitForProjection: createProjectionWait({ reader: ch, projections: projectionsFor(rules) }),
            }
          : {}),
      });
      const reload = new AbortController();
      const watch = setInterval(() => {
        if (registry.version() !== version) reload.abort();
      }, options.reloadIntervalMs ?? 2_000);
      try {
        await engine.run({ signal: AbortSignal.any([signal, reload.signal]) });
      } finally {
        clearInterval(watch);
      }
      if (reload.signal.aborted && !signal.aborted)
        logger.info({ rules: rules.length }, 'trigger rules changed through the API: reloading');
    }
  } finally {
    await dispatcher.stop();
    await bus.close();
    await ch?.release();
    registry.close();
  }
}
