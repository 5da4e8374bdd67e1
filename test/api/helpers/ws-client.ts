import WebSocket from 'ws';

export interface Item {
  readonly cursor: string;
  readonly node: Record<string, unknown>;
}

export interface SubscriptionClient {
  readonly socket: WebSocket;
  readonly items: Item[];
  readonly errors: { message: string; extensions?: { code?: string } }[];
  /** Resolves with the close code once the server or the client closed the socket. */
  readonly closed: Promise<number>;
  /** Resolves when `n` items arrived (or rejects on close before). */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): void;
}

/**
 * A real websocket client speaking `graphql-transport-ws` (or the legacy `graphql-ws`), with one
 * subscription whose items are collected in order.
 */
export async function subscribe(
  url: string,
  query: string,
  options: {
    readonly variables?: Record<string, unknown>;
    readonly payload?: Record<string, unknown>;
    readonly protocol?: 'graphql-transport-ws' | 'graphql-ws';
  } = {},
): Promise<SubscriptionClient> {
  const protocol = options.protocol ?? 'graphql-transport-ws';
  const socket = new WebSocket(url, protocol);
  const items: Item[] = [];
  const errors: SubscriptionClient['errors'] = [];
  const waiters = new Set<() => void>();
  let closeCode: number | null = null;
  const closed = new Promise<number>((resolve) =>
    socket.on('close', (code) => {
      closeCode = code;
      resolve(code);
      for (const w of waiters) w();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const acked = new Promise<void>((resolve, reject) => {
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string; payload?: unknown };
      if (message.type === 'connection_ack') resolve();
      else if (message.type === 'connection_error') reject(new Error(JSON.stringify(message.payload)));
      else if (message.type === 'next' || message.type === 'data') {
        const payload = message.payload as {
          data?: Record<string, Item>;
          errors?: SubscriptionClient['errors'];
        };
        if (payload.errors !== undefined) errors.push(...payload.errors);
        const item =
          payload.data === undefined || payload.data === null ? undefined : Object.values(payload.data)[0];
        if (item !== undefined) items.push(item);
      } else if (message.type === 'error') {
        errors.push(...(message.payload as SubscriptionClient['errors']));
      }
      for (const w of waiters) w();
    });
  });
  socket.send(JSON.stringify({ type: 'connection_init', payload: options.payload ?? {} }));
  await acked;
  socket.send(
    JSON.stringify({
      id: '1',
      type: protocol === 'graphql-ws' ? 'start' : 'subscribe',
      payload: { query, variables: options.variables ?? {} },
    }),
  );
  return {
    socket,
    items,
    errors,
    closed,
    waitFor(n, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => done(new Error(`timed out with ${items.length} of ${n} items`)),
          timeoutMs,
        );
        const done = (error?: Error): void => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = (): void => {
          if (items.length >= n) done();
          else if (errors.length > 0 || closeCode !== null)
            done(
              new Error(
                `ended with ${items.length} of ${n} items: ${JSON.stringify(errors)} close ${closeCode}`,
              ),
            );
        };
        waiters.add(check);
        check();
      });
    },
    close: () => socket.close(),
  };
}
