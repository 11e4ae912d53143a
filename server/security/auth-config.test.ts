import { describe, expect, it } from 'vitest';
import { isLoopbackHost, unprotectedBindProblem } from './auth-config';

describe('isLoopbackHost', () => {
  it('knows loopback addresses and names', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) expect(isLoopbackHost(host), host).toBe(true);
  });

  it('treats everything else as reachable from elsewhere', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.10', '10.0.0.1', 'example.com', '128.0.0.1', '::ffff:10.0.0.1', 'localhost.example.com']) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});

describe('unprotectedBindProblem', () => {
  const none = { ingest: [], read: [] };
  const lookupTo = (...addresses: string[]) => () => Promise.resolve(addresses);

  it('judges a *.localhost name by what it resolves to, not by its spelling', async () => {
    expect(await unprotectedBindProblem('dev.localhost', none, lookupTo('127.0.0.1', '::1'))).toBeNull();
    const problem = await unprotectedBindProblem('dev.localhost', none, lookupTo('127.0.0.1', '192.0.2.7'));
    expect(problem).toMatch(/^dev\.localhost resolves to 192\.0\.2\.7, not a loopback address, and the server has no tokens: set TETHER_INGEST_TOKENS/);
  });

  it('needs no lookup for an address, and nothing at all with both scopes set', async () => {
    const unused = () => Promise.reject(new Error('no lookup expected'));
    expect(await unprotectedBindProblem('127.0.0.1', none, unused)).toBeNull();
    expect(await unprotectedBindProblem('[::1]', none, unused)).toBeNull();
    expect(await unprotectedBindProblem('10.0.0.1', none, unused)).toMatch(/not a loopback address/);
    expect(await unprotectedBindProblem('dev.localhost', { ingest: ['i'.repeat(16)], read: ['r'.repeat(16)] }, unused)).toBeNull();
  });

  it('resolves localhost for real to loopback only', async () => {
    expect(await unprotectedBindProblem('localhost', none)).toBeNull();
  });
});
