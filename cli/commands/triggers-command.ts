import { DEFAULT_STORE_URI, openEventStore } from '../../event-store/open-event-store.ts';
import { DEFAULT_CLICKHOUSE_URI, resolveClickHouseUri } from '../../projections/clickhouse/clickhouse-uri.ts';
import { createClickHouseConnector } from '../../projections/clickhouse/connector.ts';
import { evaluateHistory } from '../../triggers/engine/evaluate-history.ts';
import { formatHistory } from '../../triggers/report/format-firings.ts';
import { loadRules } from '../../triggers/rules/load-rules.ts';
import { cliError } from '../errors.ts';
import { ledgerOption, parseOptions } from '../parse-options.ts';
import { TRIGGERS_RUN_USAGE, triggersDeadLetters, triggersRun } from './triggers-run-command.ts';

export const TRIGGERS_TEST_USAGE = `stellar-indexer triggers test --rules FILE --from N --to M [--store URI] [--clickhouse URI] [--json]
  evaluates the rules (YAML or JSON, see triggers/README.md) over stored ledgers N..M and prints what
  would have fired, when and why; nothing is appended or delivered. Every rule starts armed at N.
  --store URI             event store (default ${DEFAULT_STORE_URI})
  --clickhouse URI        read models for readModel rules (default ${DEFAULT_CLICKHOUSE_URI}, or CLICKHOUSE_URL);
                          they must already hold ledger M (run project first)
  --json                  print {"from","to","ledgers","firings":[TriggerFired…]} as one line instead`;

export const TRIGGERS_USAGE = `${TRIGGERS_TEST_USAGE}\n${TRIGGERS_RUN_USAGE}`;

async function triggersTest(args: readonly string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      rules: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      store: { type: 'string', default: DEFAULT_STORE_URI },
      clickhouse: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
    'triggers test',
  );
  if (positionals.length > 0) {
    throw cliError('CLI_ERR_BAD_OPTION', `triggers test: unexpected argument "${positionals[0]}"`, {
      option: 'triggers test',
    });
  }
  for (const option of ['rules', 'from', 'to'] as const) {
    if (values[option] === undefined) {
      throw cliError('CLI_ERR_BAD_OPTION', `triggers test: --${option} is required`, { option });
    }
  }
  const from = ledgerOption(values.from, 'from') as number;
  const to = ledgerOption(values.to, 'to') as number;
  const rules = await loadRules(values.rules as string);
  const store = await openEventStore(values.store as string);
  const connector = createClickHouseConnector();
  try {
    const clickhouse = rules.some((r) => r.kind === 'readModel')
      ? await connector.open(resolveClickHouseUri(values.clickhouse, process.env), { readOnly: true })
      : undefined;
    const result = await evaluateHistory({
      store,
      rules,
      from,
      to,
      signal,
      ...(clickhouse === undefined ? {} : { clickhouse }),
    });
    await clickhouse?.release();
    process.stdout.write(`${values.json === true ? JSON.stringify(result) : formatHistory(result, rules)}\n`);
    return 0;
  } finally {
    await connector.close();
    await store.close();
  }
}

const SUBCOMMANDS: Record<string, (args: readonly string[], signal: AbortSignal) => Promise<number>> = {
  test: triggersTest,
  run: triggersRun,
  'dead-letters': (args) => triggersDeadLetters(args),
};

/** `stellar-indexer triggers <subcommand>`: `test` (dry run over history), `run`, `dead-letters`. */
export async function triggersCommand(args: readonly string[], signal: AbortSignal): Promise<number> {
  const [name, ...rest] = args;
  const sub = name === undefined ? undefined : SUBCOMMANDS[name];
  if (sub === undefined) {
    throw cliError(
      'CLI_ERR_BAD_OPTION',
      `triggers: ${name === undefined ? 'give a subcommand' : `unknown subcommand "${name}"`}; subcommands: ${Object.keys(SUBCOMMANDS).join(', ')}`,
      { option: 'triggers' },
    );
  }
  return sub(rest, signal);
}
