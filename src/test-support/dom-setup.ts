import { cleanup, configure } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// findBy* and waitFor wait for what a user would wait for: a real server's answer
// on a busy machine can take longer than Testing Library's default second.
configure({ asyncUtilTimeout: 10_000 });

// Setup of the jsdom project (vitest.config.ts): vitest runs without globals, so
// React Testing Library cannot register its own clean-up; every test starts from
// an empty page, empty storage and the real fetch.
afterEach(() => {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
