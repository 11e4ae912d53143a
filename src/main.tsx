// First: configures zod before any module parses with it.
import './lib/api/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { initTheme } from './lib/settings/theme';
import './styles/tokens.css';
import './styles/base.css';
import './styles/shell.css';
import './styles/components.css';
import './styles/sessions.css';
import './styles/session.css';
import './styles/operator.css';
import './styles/auth.css';
import './styles/charts.css';
import './styles/analytics.css';
import './styles/alerts.css';
import './styles/cost.css';
import './styles/context-window.css';
import './styles/usage.css';

// Before the first render, so the saved theme is applied before anything paints.
initTheme();
// Benchmark instrumentation, loaded (as its own chunk) only when asked for.
if (new URLSearchParams(window.location.search).has('bench')) void import('./live/bench-probe').then((m) => m.installBenchProbe());

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain <div id="root">');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
