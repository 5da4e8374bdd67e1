import { DEFAULT_KEYS_PATH, openApiKeyStore } from '../../api/auth/key-store.ts';
import { cliError } from '../errors.ts';
import { ledgerOption, parseOptions } from '../parse-options.ts';

export const KEYS_USAGE = `stellar-indexer keys create --name NAME [--rate-limit N] | keys revoke ID | keys list   [--keys PATH]
  API keys for serve/start, stored hashed in a SQLite file (default ${DEFAULT_KEYS_PATH}); create prints the key once`;

export async function keysCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    {
      keys: { type: 'string', default: DEFAULT_KEYS_PATH },
      name: { type: 'string' },
      'rate-limit': { type: 'string' },
    },
    'keys',
  );
  const [action, id] = positionals;
  const store = openApiKeyStore(values.keys as string);
  try {
    if (action === 'create') {
      if (values.name === undefined)
        throw cliError('CLI_ERR_BAD_OPTION', 'keys create: --name is required', { option: 'name' });
      const rateLimit = ledgerOption(values['rate-limit'], 'rate-limit') ?? null;
      const { key, record } = store.create(values.name, { rateLimit });
      process.stdout.write(`${JSON.stringify({ ...record, key })}\n`);
      return 0;
    }
    if (action === 'revoke') {
      if (id === undefined)
        throw cliError('CLI_ERR_BAD_OPTION', 'keys revoke: give the key id', { option: 'id' });
      process.stdout.write(`${JSON.stringify(store.revoke(id))}\n`);
      return 0;
    }
    if (action === 'list') {
      for (const record of store.list()) process.stdout.write(`${JSON.stringify(record)}\n`);
      return 0;
    }
    throw cliError('CLI_ERR_BAD_OPTION', `keys: expected create, revoke or list, got "${action ?? ''}"`, {
      option: 'action',
    });
  } finally {
    store.close();
  }
}
