import { nextThemePreference, setThemePreference, useThemePreference, type ThemePreference } from '../../lib/settings/theme';

const labels: Record<ThemePreference, string> = { system: 'System', light: 'Light', dark: 'Dark' };
const icons: Record<ThemePreference, string> = { system: '◐', light: '☀', dark: '☾' };

/** Cycles system → light → dark; the choice is saved in localStorage and shared by open tabs. */
export function ThemeToggle() {
  const preference = useThemePreference();
  const next = nextThemePreference(preference);
  return (
    <button
      type="button"
      className="button button--quiet theme-toggle"
      onClick={() => setThemePreference(next)}
      aria-label={`Theme: ${labels[preference]}. Switch to ${labels[next].toLowerCase()}`}
      title={`Switch to ${labels[next].toLowerCase()} theme`}
    >
      <span aria-hidden="true">{icons[preference]}</span> {labels[preference]}
    </button>
  );
}
