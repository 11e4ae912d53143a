import { create } from 'zustand';
import { persist, type PersistStorage } from 'zustand/middleware';

/** `system` follows prefers-color-scheme; the others pin a theme. */
export type ThemePreference = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'tether-watch:theme';
const preferences: readonly ThemePreference[] = ['system', 'light', 'dark'];

function isPreference(value: unknown): value is ThemePreference {
  return typeof value === 'string' && (preferences as readonly string[]).includes(value);
}

interface ThemeState {
  preference: ThemePreference;
}

/**
 * Stored bare (`light`, `dark`; nothing for `system`), as before persist, so a
 * choice made by an older build is kept. Storage can be disabled (privacy
 * modes): then the choice holds for this visit only.
 */
const themeStorage: PersistStorage<ThemeState> = {
  getItem(name) {
    try {
      const stored = localStorage.getItem(name);
      return isPreference(stored) ? { state: { preference: stored } } : null;
    } catch {
      return null;
    }
  },
  setItem(name, { state }) {
    try {
      if (state.preference === 'system') localStorage.removeItem(name);
      else localStorage.setItem(name, state.preference);
    } catch {
      // Not persisted, still applied for this visit.
    }
  },
  removeItem(name) {
    try {
      localStorage.removeItem(name);
    } catch {
      // Nothing stored to forget.
    }
  },
};

const useThemeStore = create<ThemeState>()(
  persist(() => ({ preference: 'system' as ThemePreference }), {
    name: STORAGE_KEY,
    storage: themeStorage,
    // Outside a browser (unit tests of other modules) there is nothing to read.
    skipHydration: typeof localStorage === 'undefined',
  }),
);

/** CSS reads `data-theme` on <html>; without it the media query decides (see styles/tokens.css). */
function apply(preference: ThemePreference): void {
  const root = document.documentElement;
  if (preference === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', preference);
}

/** Called once before the first render, so the page never paints in the wrong theme after load. */
export function initTheme(): void {
  apply(useThemeStore.getState().preference);
  useThemeStore.subscribe((state) => apply(state.preference));
  // Another tab changed the preference: follow it (a removed key is `system`).
  window.addEventListener('storage', (event) => {
    if (event.key === STORAGE_KEY) setThemePreference(isPreference(event.newValue) ? event.newValue : 'system');
  });
}

export function setThemePreference(preference: ThemePreference): void {
  useThemeStore.setState({ preference });
}

/** The preference after `preference` in the toggle's cycle: system → light → dark → system. */
export function nextThemePreference(preference: ThemePreference): ThemePreference {
  return preferences[(preferences.indexOf(preference) + 1) % preferences.length]!;
}

/** The preference outside React. */
export function getThemePreference(): ThemePreference {
  return useThemeStore.getState().preference;
}

export function useThemePreference(): ThemePreference {
  return useThemeStore((state) => state.preference);
}
