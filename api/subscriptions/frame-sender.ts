import type { DirectSocket } from './direct-delivery.ts';
import type { Rendered } from './shared-render.ts';

const TEXT = Object.freeze({ binary: false });

/** The `ws` internals the one-write path checks (ws 8.17+; anything else takes `send`). */
interface WsInternals {
  readonly _socket?: { write(data: Buffer): boolean } | null;
  readonly _sender?: { readonly _state?: unknown; readonly _queue?: unknown } | null;
  readonly _extensions?: Record<string, unknown> | null;
}

/**
 * Sends a rendered message on a `ws` WebSocket. When ws has nothing of its own pending (no
 * compression negotiated, its sender idle with an empty queue) the pre-built frame, the bytes
 * `send` would produce, goes to the TCP socket in one write; otherwise through `send`. One write of
 * a shared buffer instead of ws framing each message into a corked header + payload pair is about a
 * third of the CPU of a live delivery, most of what is left being the kernel's.
 */
export function frameSenderOf(socket: DirectSocket): (rendered: Rendered, type: string, id: string) => void {
  const ws = socket as unknown as WsInternals;
  const sender = ws._sender;
  const oneWrite =
    ws._socket != null &&
    typeof ws._socket.write === 'function' &&
    sender != null &&
    typeof sender._state === 'number' &&
    Array.isArray(sender._queue) &&
    ws._extensions != null &&
    Object.keys(ws._extensions).length === 0;
  if (!oneWrite) return (rendered, type, id) => socket.send(rendered.message(type, id), TEXT);
  const idle = sender as { readonly _state: number; readonly _queue: readonly unknown[] };
  return (rendered, type, id) => {
    const tcp = ws._socket;
    if (tcp != null && idle._state === 0 && idle._queue.length === 0) tcp.write(rendered.wsFrame(type, id));
    else socket.send(rendered.message(type, id), TEXT);
  };
}
