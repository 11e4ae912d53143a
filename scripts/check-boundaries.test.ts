import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script, untyped on purpose (it runs before any build).
import { boundaryProblem, findBoundaryProblems } from './check-boundaries.mjs';

const problem = boundaryProblem as (from: string, to: string) => string | null;

/** A scratch source tree to run the check on, and a way to write its files. */
function scratchTree() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-boundaries-'));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  return { root, write };
}

describe('the import boundaries', () => {
  it('keep features apart, shared layers below them, and the server on the protocol only', () => {
    expect(problem('src/features/sessions/components/a.tsx', 'src/features/alerts/api/get-alerts.ts')).toMatch(/features never import each other/);
    expect(problem('src/features/alerts/hooks/a.ts', 'src/features/alerts/api/get-alerts.ts')).toBeNull();
    expect(problem('src/app/routes/x.tsx', 'src/features/alerts/hooks/a.ts')).toBeNull();
    expect(problem('src/lib/format/format.ts', 'src/features/alerts/api/get-alerts.ts')).toMatch(/shared layer/);
    expect(problem('src/features/session/components/a.tsx', 'src/live/hooks/use-live-present.ts')).toBeNull();
    expect(problem('src/live/hooks/a.ts', 'src/features/session/components/a.tsx')).toMatch(/shared layer/);
    expect(problem('src/live/hooks/a.ts', 'src/lib/sessions/session-status.ts')).toBeNull();
    expect(problem('src/lib/format/format.ts', 'src/live/live-types.ts')).toMatch(/src\/live builds on them/);
    expect(problem('src/protocol/event-schemas.ts', 'src/lib/format/format.ts')).toMatch(/stands alone/);
    expect(problem('server/api/read-routes.ts', 'src/protocol/api-queries.ts')).toBeNull();
    expect(problem('server/api/read-routes.ts', 'src/lib/format/format.ts')).toMatch(/only src\/protocol/);
    expect(problem('src/lib/format/format.ts', 'server/app.ts')).toMatch(/browser code imports the server/);
    expect(problem('server/config.ts', 'server/adapters/codetether/data-dir.ts')).toMatch(/configuration imports an adapter/);
  });

  it('let tests use anything, and production code no test code', () => {
    expect(problem('server/store/sqlite/sqlite-store.test.ts', 'server/test-support/store-contract.ts')).toBeNull();
    expect(problem('src/features/sessions/a.test.ts', 'src/live/test-support/events.ts')).toBeNull();
    expect(problem('server/store/status-agreement.test.ts', 'src/live/reducers/session-live.ts')).toBeNull();
    expect(problem('server/store/sqlite/sqlite-store.ts', 'server/test-support/event-factory.ts')).toMatch(/production code imports test code/);
    expect(problem('server/api/x.ts', 'server/api/x.test.ts')).toMatch(/production code imports test code/);
  });

  it('resolves relative imports to the files they land on, as the lint run does', () => {
    const { root, write } = scratchTree();
    write('src/features/a/index.tsx', "import { b } from '../b/thing';\nimport { ok } from '../../lib/ok';\nexport const a = b + ok;\n");
    write('src/features/b/thing.ts', 'export const b = 1;\n');
    write('src/lib/ok.ts', "export const ok = 1;\nexport const lazy = () => import('../features/b/thing');\n");
    expect(findBoundaryProblems(root, ['src'])).toEqual([
      expect.stringMatching(/^src\/features\/a\/index\.tsx:1: import '\.\.\/b\/thing': feature "a" imports feature "b"/),
      expect.stringMatching(/^src\/lib\/ok\.ts:2: import '\.\.\/features\/b\/thing': a shared layer/),
    ]);
  });

  it('has the server import the protocol by its name (#protocol/x), never by a path into src/', () => {
    const { root, write } = scratchTree();
    write('src/protocol/event-schemas.ts', 'export const schemas = 1;\n');
    write('src/lib/format.ts', 'export const format = 1;\n');
    write('server/ok.ts', "import { schemas } from '#protocol/event-schemas';\nexport const ok = schemas;\n");
    write('server/by-path.ts', "import { schemas } from '../src/protocol/event-schemas';\nexport const bad = schemas;\n");
    write('server/browser.ts', "import { format } from '../src/lib/format';\nexport const worse = format;\n");
    expect(findBoundaryProblems(root, ['server']).toSorted()).toEqual([
      expect.stringMatching(/^server\/browser\.ts:1: import '\.\.\/src\/lib\/format': the server imports browser code/),
      expect.stringMatching(/^server\/by-path\.ts:1: import '\.\.\/src\/protocol\/event-schemas': the server imports the protocol by its name, '#protocol\/event-schemas'/),
    ]);
  });
});
