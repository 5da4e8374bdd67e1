import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEsdbEventStore } from '../../event-store/esdb/create-esdb-event-store.ts';
import { openEventStore } from '../../event-store/open-event-store.ts';
import { describeEventStoreConformance, makeEvent, rejection } from './conformance.ts';

// Against a real server only: EVENTSTORE_URL=esdb://localhost:2113?tls=false npx vitest run test/event-store
const url = process.env.EVENTSTORE_URL;
if (url) {
  describeEventStoreConformance('esdb', async () => {
    // Every test gets its own stream prefix, so its commit log starts empty on a shared server.
    const store = createEsdbEventStore({ connectionString: url, streamPrefix: `test-${randomUUID()}-` });
    return { store, cleanup: () => store.close() };
  });
}

describe('opening an EventStoreDB store', () => {
  it('builds an esdb store from esdb:// and kurrentdb:// URIs without connecting', async () => {
    for (const uri of ['esdb://localhost:1?tls=false', 'kurrentdb://localhost:1?tls=false']) {
      const store = await openEventStore(uri);
      expect(store.backend).toBe('esdb');
      await store.close();
    }
  });

  it('refuses unknown URIs with STORE_ERR_BAD_URI naming the URI and the accepted forms', async () => {
    for (const uri of ['bogus:x', 'postgres://localhost/db', 'sqlite:', '']) {
      const error = await rejection(openEventStore(uri));
      expect(error.code).toBe('STORE_ERR_BAD_URI');
      expect(error.details).toMatchObject({ uri });
      expect(String(error.details.accepted)).toContain('esdb://');
    }
  });

  it('reports an unreachable server as retryable STORE_ERR_UNAVAILABLE', async () => {
    // Nothing listens on port 1: the first call fails to connect.
    const store = await openEventStore('esdb://localhost:1?tls=false&defaultDeadline=5000');
    try {
      for (const call of [
        () => store.readCheckpoint('ingest:testnet'),
        () => store.appendToStream('s', [makeEvent('A', '1')], 'any'),
      ]) {
        try {
          await call();
          expect.unreachable('the call should fail without a server');
        } catch (error) {
          expect(error).toMatchObject({ code: 'STORE_ERR_UNAVAILABLE', retryable: true });
          expect((error as Error).message).toContain('localhost:1');
        }
      }
    } finally {
      await store.close();
    }
  });
});
