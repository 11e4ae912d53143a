#!/usr/bin/env node
// Builds the server to JavaScript for production (`npm start` runs it with plain
// node, no TypeScript loader): the CLI and the two worker-thread entries, each
// one ES module in dist-server/, packages left to node_modules. The workers are
// found beside the CLI (`new URL('./x.mjs', import.meta.url)`), as in the sources.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entries = {
  cli: 'server/cli.ts',
  'frame-validation-worker': 'server/ingest/frame-validation-worker.ts',
  'otlp-prep-worker': 'server/otlp/otlp-prep-worker-main.ts',
};

const started = Date.now();
await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir: 'dist-server',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
process.stdout.write(`server built to dist-server/ in ${Date.now() - started} ms\n`);
