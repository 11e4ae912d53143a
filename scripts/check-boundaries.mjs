#!/usr/bin/env node
// The import boundaries of the codebase, held by `npm run lint` (docs/architecture.md
// draws them). oxlint's no-restricted-imports matches import strings, not the
// files they resolve to, so relative imports between layers slip past it; this
// resolves every relative import and checks the file it lands on.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const sourceExtensions = ['.ts', '.tsx', '.mts', '.mjs', '.js'];
const importPattern = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;(])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[\s;])import\s+['"]([^'"]+)['"]/gm;

/** Test code: test files, test support, e2e and benches. Production code may not import it. */
export function isTestCode(file) {
  return (
    /\.(test|spec)\.[cm]?tsx?$/.test(file) ||
    file.split('/').includes('test-support') ||
    file.startsWith('e2e/') ||
    file.startsWith('bench/') ||
    file.startsWith('scripts/')
  );
}

const featureOf = (file) => /^src\/features\/([^/]+)\//.exec(file)?.[1] ?? null;

/**
 * Why importing `to` from `from` (both repository-relative paths) breaks a
 * boundary, or null when it may. Pure: the rules in one place.
 */
export function boundaryProblem(from, to) {
  // Tests may reach anything they check (a test that the browser and the server agree imports both).
  if (isTestCode(from)) return null;
  if (isTestCode(to)) return 'production code imports test code (test files and test-support/ are for tests only)';
  const fromFeature = featureOf(from);
  const toFeature = featureOf(to);
  if (fromFeature !== null && toFeature !== null && fromFeature !== toFeature) {
    return `feature "${fromFeature}" imports feature "${toFeature}": features never import each other; share through src/components, src/lib or src/protocol, or compose them in src/app`;
  }
  if (/^src\/(components|lib|protocol|styles|live)\//.test(from) && /^src\/(features|app)\//.test(to)) {
    return 'a shared layer (live, components, lib, protocol) imports a feature or the app: shared code must not depend on what uses it';
  }
  // The live layer (socket, live store, its hooks) is infrastructure every page reads; it sits
  // above components, lib and protocol, which stay free of it.
  if (/^src\/(components|lib|protocol|styles)\//.test(from) && to.startsWith('src/live/')) {
    return 'components, lib or protocol imports the live layer: src/live builds on them, not the reverse';
  }
  if (from.startsWith('src/protocol/') && to.startsWith('src/') && !to.startsWith('src/protocol/')) {
    return 'the protocol module imports browser code: it is shared with the server and stands alone';
  }
  if (from.startsWith('server/') && to.startsWith('src/') && !to.startsWith('src/protocol/')) {
    return 'the server imports browser code: only src/protocol is shared';
  }
  if (from.startsWith('src/') && to.startsWith('server/')) return 'browser code imports the server';
  if (from === 'server/config.ts' && to.startsWith('server/adapters/')) return 'configuration imports an adapter: adapters read the config, not the reverse';
  return null;
}

const protocolImport = '#protocol/';

function resolveImport(fromAbs, specifier) {
  const base = path.resolve(path.dirname(fromAbs), specifier);
  const candidates = [base, ...sourceExtensions.map((ext) => base + ext), ...sourceExtensions.map((ext) => path.join(base, `index${ext}`))];
  if (base.endsWith('.js')) candidates.push(base.replace(/\.js$/, '.ts'));
  return candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile()) ?? null;
}

function* sourceFiles(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(full);
    else if (sourceExtensions.includes(path.extname(entry.name))) yield full;
  }
}

/** Every broken boundary under `root`, as `file:line: import 'x': why`. */
export function findBoundaryProblems(root, dirs = ['src', 'server', 'e2e', 'bench', 'scripts']) {
  const problems = [];
  for (const dir of dirs) {
    if (!fs.existsSync(path.join(root, dir))) continue;
    for (const abs of sourceFiles(path.join(root, dir))) {
      const from = path.relative(root, abs).split(path.sep).join('/');
      const text = fs.readFileSync(abs, 'utf8');
      for (const match of text.matchAll(importPattern)) {
        const specifier = match[1] ?? match[2] ?? match[3];
        if (!specifier) continue;
        // `#protocol/x` is package.json's subpath import of src/protocol/x.ts.
        const protocolPath = specifier.startsWith(protocolImport) ? path.join(root, 'src/protocol', specifier.slice(protocolImport.length)) : null;
        if (protocolPath === null && !specifier.startsWith('.')) continue;
        const target = protocolPath !== null ? resolveImport(root, protocolPath) : resolveImport(abs, specifier);
        if (target === null) continue;
        const to = path.relative(root, target).split(path.sep).join('/');
        const why =
          from.startsWith('server/') && protocolPath === null && to.startsWith('src/protocol/')
            ? `the server imports the protocol by its name, '${protocolImport}${to.slice('src/protocol/'.length).replace(/\.ts$/, '')}' (package.json "imports"), not by a path into src/`
            : boundaryProblem(from, to);
        if (why !== null) {
          const line = text.slice(0, match.index).split('\n').length + (match[0].startsWith('\n') ? 1 : 0);
          problems.push(`${from}:${line}: import '${specifier}': ${why}`);
        }
      }
    }
  }
  return problems;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const problems = findBoundaryProblems(root);
  for (const problem of problems) process.stderr.write(`${problem}\n`);
  if (problems.length > 0) {
    process.stderr.write(`\n${problems.length} import boundar${problems.length === 1 ? 'y' : 'ies'} broken (see docs/architecture.md)\n`);
    process.exit(1);
  }
  process.stdout.write('import boundaries hold\n');
}
