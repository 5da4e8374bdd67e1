import { describe, expect, it } from 'vitest';
import { redactConnectionString, toEsdbConnectionString } from '../../event-store/esdb/connection-string.ts';
import { eventUuid, uuidV5 } from '../../event-store/esdb/event-uuid.ts';
import { decodeLogEntry, encodeLogEntry, type LogEntry } from '../../event-store/esdb/log-entry.ts';

describe('EventStoreDB event UUIDs', () => {
  it('are RFC 4122 version 5 UUIDs', () => {
    // The RFC's own example: "www.example.com" in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
  });

  it('are the same for the same (type, id) and differ otherwise', () => {
    const a = eventUuid('OperationApplied', '123');
    expect(a).toBe(eventUuid('OperationApplied', '123'));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(eventUuid('TradeExecuted', '123')).not.toBe(a);
    expect(eventUuid('OperationApplied', '124')).not.toBe(a);
  });
});

describe('EventStoreDB connection strings', () => {
  it('maps kurrentdb:// to esdb:// and keeps esdb:// as given', () => {
    expect(toEsdbConnectionString('kurrentdb://localhost:2113?tls=false')).toBe(
      'esdb://localhost:2113?tls=false',
    );
    expect(toEsdbConnectionString('kurrentdb+discover://a:2113,b:2113')).toBe(
      'esdb+discover://a:2113,b:2113',
    );
    expect(toEsdbConnectionString('esdb://admin:changeit@h:2113')).toBe('esdb://admin:changeit@h:2113');
  });

  it('hides the password in messages', () => {
    expect(redactConnectionString('esdb://admin:changeit@h:2113?tls=false')).toBe(
      'esdb://admin:***@h:2113?tls=false',
    );
    expect(redactConnectionString('esdb://h:2113')).toBe('esdb://h:2113');
  });
});

describe('EventStoreDB commit records', () => {
  const entry: LogEntry = {
    commitId: '0b0f1a9e-8f51-4f1e-9c55-2c1c1d7f3e10',
    firstPosition: 9_007_199_254_740_993n,
    count: 3,
    segments: [
      { stream: 'ledger-7', firstRevision: 0n, count: 2, source: 'ledger-7-abc', types: ['A', 'B'] },
      { stream: 'ledger-8', firstRevision: 0n, count: 1, source: 'ledger-8-def', types: ['A'] },
    ],
    checkpoints: new Map([['ingest:testnet', { ledger: 8, hash: 'h8' }]]),
  };
  const where = { stream: 'store-log', revision: 41n };

  it('survive JSON with exact positions beyond 2^53', () => {
    const json = JSON.parse(JSON.stringify(encodeLogEntry(entry)));
    expect(decodeLogEntry(json, where)).toEqual(entry);
  });

  it('that this code did not write are STORE_ERR_CORRUPT, naming the log revision', () => {
    const good = encodeLogEntry(entry);
    const broken = [
      null,
      { ...good, v: 2 },
      { ...good, firstPosition: 12 },
      { ...good, count: 4 },
      { ...good, segments: [{ stream: 'x' }] },
      { ...good, checkpoints: { a: { ledger: -1, hash: 'h' } } },
    ];
    for (const data of broken) {
      expect(() => decodeLogEntry(data, where)).toThrowError(
        expect.objectContaining({
          code: 'STORE_ERR_CORRUPT',
          details: { stream: 'store-log', revision: '41' },
        }),
      );
    }
  });
});
