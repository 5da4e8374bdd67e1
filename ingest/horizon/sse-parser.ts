/** One dispatched server-sent event. */
export interface SseMessage {
  /** The `event:` field, or `message` when the block had none. */
  readonly event: string;
  /** The `data:` lines joined with newlines. */
  readonly data: string;
  /** The `id:` field of this block, if it had one. */
  readonly id: string | undefined;
  /** The `retry:` field of this block (ms), if it had one. */
  readonly retry: number | undefined;
}

export interface SseParser {
  /** Feeds bytes; returns the messages they completed, in order. */
  push(chunk: Uint8Array): SseMessage[];
  /** True when bytes of an unfinished message are buffered (a body cut here was truncated). */
  readonly pending: boolean;
}

/**
 * An incremental `text/event-stream` parser (WHATWG HTML §9.2.6): lines end in CRLF, LF or CR; a blank
 * line dispatches the block; `:` lines are comments (heartbeats); a block without data is not
 * dispatched; an unfinished block at the end of the body is dropped by the caller, never half-used.
 */
export function createSseParser(): SseParser {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let skipLf = false;
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let retry: number | undefined;
  let started = false;

  const reset = (): void => {
    data = [];
    event = '';
    id = undefined;
    retry = undefined;
    started = false;
  };

  const line = (text: string, out: SseMessage[]): void => {
    if (text.length === 0) {
      if (data.length > 0) out.push({ event: event || 'message', data: data.join('\n'), id, retry });
      reset();
      return;
    }
    started = true;
    if (text.charCodeAt(0) === 58 /* : */) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    switch (field) {
      case 'data':
        data.push(value);
        break;
      case 'event':
        event = value;
        break;
      case 'id':
        if (!value.includes('\u0000')) id = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) retry = Number(value);
        break;
      default:
        break;
    }
  };

  return {
    push(chunk: Uint8Array): SseMessage[] {
      buffer += decoder.decode(chunk, { stream: true });
      const out: SseMessage[] = [];
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer.charCodeAt(i);
        if (c === 10 /* \n */ && skipLf && i === start) {
          skipLf = false;
          start = i + 1;
          continue;
        }
        skipLf = false;
        if (c === 10 || c === 13) {
          line(buffer.slice(start, i), out);
          skipLf = c === 13;
          start = i + 1;
        }
      }
      buffer = buffer.slice(start);
      return out;
    },
    get pending(): boolean {
      return started || buffer.length > 0;
    },
  };
}
