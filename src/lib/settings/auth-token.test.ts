import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addTokenParam, authHeaders } from './auth-token';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const key = 'tether-watch:auth-token';

describe('addTokenParam', () => {
  it('adds the token to relative and absolute URLs, keeping other parameters and the fragment', () => {
    expect(addTokenParam('/api/v1/export/sessions/a.jsonl', 'tok')).toBe('/api/v1/export/sessions/a.jsonl?token=tok');
    expect(addTokenParam('/api/v1/export/usage.csv?from=1&to=2', 'tok')).toBe('/api/v1/export/usage.csv?from=1&to=2&token=tok');
    expect(addTokenParam('wss://h/api/v1/live?cursor=3#x', 'a b&c')).toBe('wss://h/api/v1/live?cursor=3&token=a+b%26c#x');
  });

  it('replaces a token already there, and leaves the URL alone without one', () => {
    expect(addTokenParam('/x?token=old&y=1', 'new')).toBe('/x?token=new&y=1');
    expect(addTokenParam('/x?y=1', null)).toBe('/x?y=1');
    expect(addTokenParam('/x', '')).toBe('/x');
  });
});

describe('authHeaders', () => {
  it('is a Bearer header with a token and nothing without', () => {
    expect(authHeaders('abc')).toEqual({ Authorization: 'Bearer abc' });
    expect(authHeaders(null)).toEqual({});
  });
});

describe('the stored token', () => {
  let session: MemoryStorage;
  let local: MemoryStorage;
  /** A fresh module, as after a page load, over the current storages. */
  const load = async () => {
    vi.resetModules();
    return import('./auth-token');
  };

  beforeEach(() => {
    session = new MemoryStorage();
    local = new MemoryStorage();
    vi.stubGlobal('sessionStorage', session);
    vi.stubGlobal('localStorage', local);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('is kept for the tab by default, and survives a reload of it', async () => {
    const auth = await load();
    expect(auth.getAuthState()).toEqual({ token: null, remembered: false, required: false, problem: null });
    auth.setAuthToken('tab-token');
    expect(session.items.get(key)).toBe('tab-token');
    expect(local.items.has(key)).toBe(false);
    expect(auth.withAuthToken('/api/v1/export/a.csv')).toBe('/api/v1/export/a.csv?token=tab-token');
    const reloaded = await load();
    expect(reloaded.getAuthState()).toMatchObject({ token: 'tab-token', remembered: false });
  });

  it('is kept on the device when remembered, in one place only', async () => {
    const auth = await load();
    auth.setAuthToken('first');
    auth.setAuthToken('device-token', { remember: true });
    expect(local.items.get(key)).toBe('device-token');
    expect(session.items.has(key)).toBe(false);
    expect((await load()).getAuthState()).toMatchObject({ token: 'device-token', remembered: true });
  });

  it('signs out: forgets the token everywhere and asks for one again', async () => {
    const auth = await load();
    auth.setAuthToken('device-token', { remember: true });
    const seen: boolean[] = [];
    const unsubscribe = auth.subscribeAuthState(() => seen.push(auth.getAuthState().required));
    auth.clearAuthToken();
    unsubscribe();
    expect(seen).toEqual([true]);
    expect(local.items.size + session.items.size).toBe(0);
    expect(auth.getAuthState()).toMatchObject({ token: null, required: true });
    expect(auth.withAuthToken('/x')).toBe('/x');
  });

  it('tells listeners of a refusal once per reason, and clears it when a token is set', async () => {
    const auth = await load();
    let calls = 0;
    auth.subscribeAuthState(() => calls++);
    const before = auth.getAuthState();
    auth.reportUnauthorized();
    auth.reportUnauthorized();
    expect(calls).toBe(1);
    expect(auth.getAuthState()).not.toBe(before);
    auth.reportUnauthorized('needs a read token');
    expect(auth.getAuthState()).toMatchObject({ required: true, problem: 'needs a read token' });
    auth.setAuthToken('tok');
    expect(auth.getAuthState()).toMatchObject({ required: false, problem: null });
    expect(calls).toBe(3);
  });
});
