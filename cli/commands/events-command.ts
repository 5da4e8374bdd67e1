import { DEFAULT_STORE_URI, openEventStore } from '../../event-store/open-event-store.ts';
import { cliError } from '../errors.ts';
import { parseOptions } from '../parse-options.ts';

export const EVENTS_USAGE = `stellar-indexer events [--store URI] [--type T[,T…]] [--from-position P] [--limit N]
  prints stored events as JSON lines: {"position","stream","revision","type","id","payload"}`;

function positiveInteger(value: string | undefined, name: string): bigint | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw cliError('CLI_ERR_BAD_OPTION', `--${name} must be a whole number, got "${value}"`, {
      option: name,
    });
  return BigInt(value);
}

export async function eventsCommand(args: readonly string[], signal: AbortSignal): Promise<number> {
  const { values } = parseOptions(
    args,
    {
      store: { type: 'string', default: DEFAULT_STORE_URI },
      type: { type: 'string' },
      'from-position': { type: 'string' },
      limit: { type: 'string' },
    },
    'events',
  );
  const fromPosition = positiveInteger(values['from-position'], 'from-position') ?? 1n;
  const limit = positiveInteger(values.limit, 'limit');
  const store = await openEventStore(values.store as string);
  try {
    const types = values.type?.split(',').filter((t) => t.length > 0);
    const stream = store.readAll({
      after: fromPosition > 0n ? fromPosition - 1n : 0n,
      ...(limit === undefined ? {} : { limit: Number(limit) }),
      ...(types === undefined ? {} : { types }),
      signal,
    });
    for await (const e of stream) {
      const line = JSON.stringify({
        position: e.position.toString(),
        stream: e.stream,
        revision: e.revision.toString(),
        type: e.type,
        id: e.id,
        payload: e.payload,
      });
      if (!process.stdout.write(`${line}\n`))
        await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
    return 0;
  } finally {
    await store.close();
  }
}
