import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../config';

describe('--codetether-serve configuration', () => {
  it('takes the address from the flag or TETHER_CODETETHER_SERVE, and the token only from CODETETHER_AUTH_TOKEN', () => {
    const fromEnv = resolveConfig({}, { TETHER_CODETETHER_SERVE: 'http://127.0.0.1:4096', CODETETHER_AUTH_TOKEN: 'secret-token' });
    expect(fromEnv).toMatchObject({ codetetherServe: 'http://127.0.0.1:4096', codetetherServeToken: 'secret-token' });
    const fromFlag = resolveConfig({ codetetherServe: 'http://agent.local:4096' }, { TETHER_CODETETHER_SERVE: 'http://127.0.0.1:4096' });
    expect(fromFlag.codetetherServe).toBe('http://agent.local:4096');
    expect(fromFlag.codetetherServeToken).toBeUndefined();
    expect(resolveConfig({}, {}).codetetherServe).toBeUndefined();
  });

  it('stops start-up naming the flag or variable when the address is not http(s)', () => {
    expect(() => resolveConfig({ codetetherServe: '127.0.0.1:4096' }, {})).toThrow(
      'invalid configuration: --codetether-serve: expected the http(s) address of codetether serve, like http://127.0.0.1:4096',
    );
    expect(() => resolveConfig({}, { TETHER_CODETETHER_SERVE: 'ws://127.0.0.1:4096' })).toThrow('TETHER_CODETETHER_SERVE: expected the http(s) address');
  });
});
