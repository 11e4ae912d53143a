import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The theme choice on zustand's persist, stored bare as older builds stored it.

const key = 'tether-watch:theme';

describe('the theme preference', () => {
  let items: Map<string, string>;
  const load = async () => {
    vi.resetModules();
    return import('./theme');
  };

  beforeEach(() => {
    items = new Map();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, v: string) => void items.set(k, v),
      removeItem: (k: string) => void items.delete(k),
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('reads a choice an older build stored, and ignores a value it does not know', async () => {
    items.set(key, 'dark');
    expect((await load()).getThemePreference()).toBe('dark');
    items.set(key, 'sepia');
    expect((await load()).getThemePreference()).toBe('system');
  });

  it('keeps a pinned theme across a reload and forgets the key for system', async () => {
    const theme = await load();
    theme.setThemePreference('light');
    expect(items.get(key)).toBe('light');
    expect((await load()).getThemePreference()).toBe('light');
    theme.setThemePreference('system');
    expect(items.has(key)).toBe(false);
  });

  it('cycles system, light, dark', async () => {
    const { nextThemePreference } = await load();
    expect(['system', 'light', 'dark'].map((p) => nextThemePreference(p as 'system'))).toEqual(['light', 'dark', 'system']);
  });
});
