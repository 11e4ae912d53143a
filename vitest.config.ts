import { defineConfig } from 'vitest/config';

// Node 25 and later put their own `localStorage` and `sessionStorage` on globalThis, empty
// unless started with --localstorage-file; vitest's jsdom environment then keeps those in
// place of jsdom's, every test that touches storage fails, and browser code imported by
// node tests warns. Turned off in the test workers where Node has that switch (Node 20 has
// neither the globals nor the flag, and refuses it), so tests see the same globals on every
// Node: jsdom's storage in the dom project, none in the node project.
const sameGlobalsOnEveryNode = process.allowedNodeEnvironmentFlags.has('--webstorage') ? ['--no-webstorage'] : [];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    execArgv: sameGlobalsOnEveryNode,
    // Two projects: everything in Node, and component and hook tests (*.test.tsx,
    // React Testing Library) in jsdom, with their own clean-up between tests.
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['src/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          include: ['src/**/*.test.tsx'],
          environment: 'jsdom',
          setupFiles: ['src/test-support/dom-setup.ts'],
          // Many start the real server as a process inside the test, which takes seconds on a busy machine.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // What a user waits for (a server's answer, a poll) gets seconds, not vitest's 1 s (see also dom-setup.ts).
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
