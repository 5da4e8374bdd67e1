import { DEFAULT_CLICKHOUSE_URI, resolveClickHouseUri } from '../../projections/clickhouse/clickhouse-uri.ts';
import { createClickHouseConnector } from '../../projections/clickhouse/connector.ts';
import { checkReadOnlySql } from '../../projections/clickhouse/read-only-sql.ts';
import { cliError } from '../errors.ts';
import { parseOptions } from '../parse-options.ts';

export const SQL_USAGE = `stellar-indexer sql [--clickhouse URI] "SELECT …"
  runs one read-only statement (SELECT, SHOW, DESCRIBE, EXPLAIN) with readonly=1 and prints JSONEachRow;
  --clickhouse as for project (default ${DEFAULT_CLICKHOUSE_URI}, or CLICKHOUSE_URL)`;

export async function sqlCommand(args: readonly string[], signal: AbortSignal): Promise<number> {
  const { values, positionals } = parseOptions(args, { clickhouse: { type: 'string' } }, 'sql');
  if (positionals.length === 0)
    throw cliError('CLI_ERR_BAD_OPTION', 'sql: give the statement as an argument, e.g. sql "SELECT 1"', {
      option: 'sql',
    });
  // Refused before ClickHouse is even opened; ClickHouse's readonly=1 is the second guard.
  const statement = checkReadOnlySql(positionals.join(' '));
  const connector = createClickHouseConnector();
  try {
    const ch = await connector.open(resolveClickHouseUri(values.clickhouse, process.env), { readOnly: true });
    for await (const line of ch.lines(statement, { what: 'the query', signal })) {
      if (!process.stdout.write(`${line}\n`))
        await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
    await ch.release();
    return 0;
  } finally {
    await connector.close();
  }
}
