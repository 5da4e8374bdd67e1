import type { LiveTap } from '../live/resumable-events.ts';
import { frameSenderOf } from './frame-sender.ts';
import type { FanoutMembership } from './live-fanout.ts';
import type { Rendered } from './shared-render.ts';

/** The parts of a `ws` WebSocket the direct path uses. */
export interface DirectSocket {
  readonly protocol: string;
  readonly readyState: number;
  /** Bytes queued in this process, not yet taken by the kernel. */
  readonly bufferedAmount: number;
  send(data: Buffer, options: { binary: boolean }): void;
}

const OPEN = 1;

/** The subscription's socket when it is a `ws` WebSocket the direct path can write to, else null. */
export function directSocketOf(socket: unknown): DirectSocket | null {
  const s = socket as Partial<DirectSocket> | null | undefined;
  return typeof s?.send === 'function' &&
    typeof s.protocol === 'string' &&
    typeof s.readyState === 'number' &&
    typeof s.bufferedAmount === 'number'
    ? (s as DirectSocket)
    : null;
}

/**
 * The direct path of one subscription: each rendered live event is written to the socket as the
 * protocol's data message for subscription `id`, in order, skipping what was delivered already. The
 * socket's own buffer is the subscriber's queue: once `queueSize` messages wait in it, the path hands
 * back to the generator, which catches up from the store at the consumer's pace (and cuts it off if
 * it stalls).
 */
export function directDelivery(options: {
  readonly membership: FanoutMembership<Rendered>;
  readonly socket: DirectSocket;
  readonly id: string;
  readonly queueSize: number;
}): NonNullable<LiveTap['direct']> {
  const { membership, socket, id, queueSize } = options;
  // mercurius's data message: `data` in the legacy graphql-ws protocol, `next` in graphql-transport-ws.
  const type = socket.protocol === 'graphql-ws' ? 'data' : 'next';
  const send = frameSenderOf(socket);
  return (last, fellBehind) => {
    let delivered = last;
    /** Messages written since the socket's buffer was last seen empty: the ones that may wait in it. */
    let waiting = 0;
    const handBack = (): void => {
      stop();
      fellBehind(delivered);
    };
    const stop = membership.direct({
      deliver(position, rendered) {
        if (position <= delivered || socket.readyState !== OPEN) return false;
        send(rendered, type, id);
        delivered = position;
        if (socket.bufferedAmount === 0) waiting = 0;
        else if (++waiting >= queueSize) handBack();
        return true;
      },
      fallBack: handBack,
    });
    return stop;
  };
}
