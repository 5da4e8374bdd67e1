import { describe, expect, it } from 'vitest';
import { parseSourceUri } from '../../ingest/remote/source-uri.ts';

describe('--source strings', () => {
  it('tell Stellar RPC, Horizon, a data lake over HTTP(S) and a local path apart', () => {
    expect(parseSourceUri('rpc:https://soroban-testnet.stellar.org/')).toEqual({
      kind: 'rpc',
      url: 'https://soroban-testnet.stellar.org',
      text: 'rpc:https://soroban-testnet.stellar.org/',
    });
    expect(parseSourceUri('horizon:https://horizon.stellar.org')).toMatchObject({
      kind: 'horizon',
      url: 'https://horizon.stellar.org',
    });
    expect(parseSourceUri('https://example.org/v1.1/stellar/ledgers/pubnet/')).toMatchObject({
      kind: 'http-lake',
      url: 'https://example.org/v1.1/stellar/ledgers/pubnet',
    });
    expect(parseSourceUri('http://127.0.0.1:8080/lake')).toMatchObject({ kind: 'http-lake' });
    expect(parseSourceUri('../shared/fixtures/lake')).toEqual({
      kind: 'path',
      path: '../shared/fixtures/lake',
      text: '../shared/fixtures/lake',
    });
  });

  it('refuses a prefix without an http(s) URL after it, naming the source', () => {
    for (const bad of ['rpc:ftp://host', 'rpc:not a url', 'horizon:']) {
      expect(() => parseSourceUri(bad)).toThrow(
        expect.objectContaining({
          code: 'INGEST_ERR_REMOTE_URI',
          details: expect.objectContaining({ source: bad }),
        }),
      );
    }
  });
});
