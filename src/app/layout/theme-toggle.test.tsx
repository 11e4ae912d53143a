import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

// The theme toggle: system → light → dark → system, applied to <html> as
// `data-theme` (none for system: the media query decides), kept in localStorage
// (bare, as older builds wrote it) and followed when another tab changes it.

const STORAGE_KEY = 'tether-watch:theme';
const theme = () => document.documentElement.getAttribute('data-theme');

/** Loaded afresh after storage is set up, then started as main.tsx does. */
async function load() {
  vi.resetModules();
  document.documentElement.removeAttribute('data-theme');
  const [{ ThemeToggle }, themeModule] = await Promise.all([import('./theme-toggle'), import('../../lib/settings/theme')]);
  themeModule.initTheme();
  return { ThemeToggle };
}

describe('ThemeToggle', () => {
  it('cycles system, light, dark and back, applying and keeping each', async () => {
    const { ThemeToggle } = await load();
    const user = userEvent.setup();
    render(<ThemeToggle />);
    const toggle = screen.getByRole('button', { name: 'Theme: System. Switch to light' });
    expect(theme()).toBeNull();

    await user.click(toggle);
    expect(toggle.getAttribute('aria-label')).toBe('Theme: Light. Switch to dark');
    expect(theme()).toBe('light');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('light');

    await user.click(toggle);
    expect(toggle.getAttribute('aria-label')).toBe('Theme: Dark. Switch to system');
    expect(theme()).toBe('dark');
    expect(localStorage.getItem(STORAGE_KEY)).toBe('dark');

    await user.click(toggle);
    expect(toggle.getAttribute('aria-label')).toBe('Theme: System. Switch to light');
    expect(theme()).toBeNull();
    expect(localStorage.getItem(STORAGE_KEY)).toBeNull();
  });

  it('starts with the stored choice, applied before the first render', async () => {
    localStorage.setItem(STORAGE_KEY, 'dark');
    const { ThemeToggle } = await load();
    expect(theme()).toBe('dark');
    render(<ThemeToggle />);
    expect(screen.getByRole('button', { name: 'Theme: Dark. Switch to system' })).toBeTruthy();
  });

  it('ignores a stored value that is not a theme', async () => {
    localStorage.setItem(STORAGE_KEY, 'neon');
    const { ThemeToggle } = await load();
    render(<ThemeToggle />);
    expect(screen.getByRole('button', { name: 'Theme: System. Switch to light' })).toBeTruthy();
    expect(theme()).toBeNull();
  });

  it('follows a change made in another tab', async () => {
    const { ThemeToggle } = await load();
    render(<ThemeToggle />);
    const toggle = screen.getByRole('button', { name: 'Theme: System. Switch to light' });

    act(() => {
      window.dispatchEvent(new StorageEvent('storage', { key: STORAGE_KEY, newValue: 'dark' }));
    });
    expect(toggle.getAttribute('aria-label')).toBe('Theme: Dark. Switch to system');
    expect(theme()).toBe('dark');

    // The other tab went back to system: it removed the key.
    act(() => {
      window.dispatchEvent(new StorageEvent('storage', { key: STORAGE_KEY, newValue: null }));
    });
    expect(toggle.getAttribute('aria-label')).toBe('Theme: System. Switch to light');
    expect(theme()).toBeNull();
  });
});
