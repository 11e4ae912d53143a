import { useSyncExternalStore } from 'react';

/** `system` follows prefers-color-scheme; the others pin a theme. */
export type ThemePreference = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'tether-watch:theme';
const preferences: readonly ThemePreference[] = ['system', 'light', 'dark'];

function isPreference(value: unknown): value is ThemePreference {
  return typeof value === 'string' && (preferences as readonly string[]).includes(value);
}

function readStored(): ThemePreference {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return isPreference(stored) ? stored : 'system';
  } catch {
    // Storage can be disabled (privacy modes): fall back to the system theme.
    return 'system';
  }
}

let current: ThemePreference = typeof localStorage === 'undefined' ? 'system' : readStored();
const listeners = new Set<() => void>();

/** CSS reads `data-theme` on <html>; without it the media query decides (see styles/tokens.css). */
function apply(preference: ThemePreference): void {
  const root = document.documentElement;
  if (preference === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', preference);
}

/** Called once before the first render, so the page never paints in the wrong theme after load. */
export function initTheme(): void {
  apply(current);
  // Another tab changed the preference: follow it.
  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY) return;
    current = readStored();
    apply(current);
    listeners.forEach((notify) => notify());
  });
}

export function setThemePreference(preference: ThemePreference): void {
  current = preference;
  try {
    if (preference === 'system') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, preference);
  } catch {
    // Not persisted, still applied for this visit.
  }
  apply(preference);
  listeners.forEach((notify) => notify());
}

/** The preference after `preference` in the toggle's cycle: system → light → dark → system. */
export function nextThemePreference(preference: ThemePreference): ThemePreference {
  return preferences[(preferences.indexOf(preference) + 1) % preferences.length]!;
}

function subscribeToTheme(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const currentTheme = () => current;

export function useThemePreference(): ThemePreference {
  return useSyncExternalStore(subscribeToTheme, currentTheme);
}
