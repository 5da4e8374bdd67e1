import { describe, expect, it } from 'vitest';
import { parseJsonLossless } from '../../ingest/horizon/lossless-json.ts';
import { amountToStroops } from '../../ingest/horizon/record-fields.ts';
import { createSseParser } from '../../ingest/horizon/sse-parser.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('text/event-stream parsing', () => {
  it("reads Horizon's hello, records and byebye, whatever the chunking and line endings", () => {
    const text =
      'retry: 1000\r\nevent: open\r\ndata: "hello"\r\n\r\n: heartbeat\n\nid: 12-1\ndata: {"a":\ndata: 1}\n\nid: 13\rdata: {"é":2}\r\rretry: 10\nevent: close\ndata: "byebye"\n\n';
    const whole = createSseParser().push(bytes(text));
    const parser = createSseParser();
    const split: ReturnType<typeof parser.push> = [];
    const all = bytes(text);
    for (let i = 0; i < all.length; i += 3) split.push(...parser.push(all.subarray(i, i + 3)));
    expect(split).toEqual(whole);
    expect(whole).toEqual([
      { event: 'open', data: '"hello"', id: undefined, retry: 1000 },
      { event: 'message', data: '{"a":\n1}', id: '12-1', retry: undefined },
      { event: 'message', data: '{"é":2}', id: '13', retry: undefined },
      { event: 'close', data: '"byebye"', id: undefined, retry: 10 },
    ]);
    expect(parser.pending).toBe(false);
  });

  it('keeps an unfinished message pending instead of dispatching half of it', () => {
    const parser = createSseParser();
    expect(parser.push(bytes('id: 5\ndata: {"paging_token":"5"'))).toEqual([]);
    expect(parser.pending).toBe(true);
  });
});

describe('lossless JSON and Horizon amounts', () => {
  it('keeps integers beyond 2^53 exact as strings, and leaves strings and small numbers alone', () => {
    const text =
      '{"operation_id":132379589371604993,"n":-9007199254740993,"small":42,"f":1.5e3,"s":"x: 132379589371604993, y"}';
    expect(parseJsonLossless(text)).toEqual({
      operation_id: '132379589371604993',
      n: '-9007199254740993',
      small: 42,
      f: 1500,
      s: 'x: 132379589371604993, y',
    });
  });

  it('turns 7-decimal amounts into exact stroops and refuses anything else', () => {
    expect(amountToStroops('1269.2134875')).toBe('12692134875');
    expect(amountToStroops('10000000.0')).toBe('100000000000000');
    expect(amountToStroops('-0.0000001')).toBe('-1');
    expect(amountToStroops('922337203685.4775807')).toBe('9223372036854775807');
    expect(amountToStroops('1.23456789')).toBeNull();
    expect(amountToStroops('1e5')).toBeNull();
  });
});
