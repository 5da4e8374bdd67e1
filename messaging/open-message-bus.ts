import type { MessageBus } from '../contracts/message-bus.ts';
import { createInProcessBus } from './in-process-bus.ts';
import { type ConnectNatsBusOptions, connectNatsBus } from './nats/connect-nats-bus.ts';

/** NATS when a URL is given (NATS_URL or --nats), the in-process bus otherwise. */
export async function openMessageBus(
  options: Omit<ConnectNatsBusOptions, 'url'> & { readonly natsUrl?: string | undefined },
): Promise<MessageBus> {
  const { natsUrl, ...rest } = options;
  if (natsUrl === undefined || natsUrl === '') return createInProcessBus();
  return connectNatsBus({ ...rest, url: natsUrl });
}
