import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { rolldown } from 'rolldown';

// The backend serves the built SPA and the API on one port; in dev, Vite proxies
// the API (HTTP and WebSocket) to a backend started beside it.
const backend = process.env.TETHER_DEV_BACKEND ?? 'http://127.0.0.1:8787';

const earlyEntry = 'src/app/early-start.ts';
const EARLY_ENTRY_MAX_BYTES = 16_384;

/**
 * The app's early entry (src/app/early-start.ts), built on its own into one
 * self-contained script and loaded `async` from the head: it must start the page's
 * first reads as soon as it arrives. Built as a second entry of the app it shared
 * chunks with the main entry, arrived with them and waited for them, and its reads
 * left no sooner than the app's own. What the two share at run time (the reads
 * under way) goes through one registry on the page's global object
 * (src/lib/api/early-reads.ts). Its dynamic imports (a page's code) are pointed
 * at the app's own chunks, so starting a page's code early loads what the router
 * will use.
 */
function earlyStartEntry(): Plugin {
  let fileName: string | undefined;
  return {
    name: 'tether-early-start',
    generateBundle: {
      order: 'pre',
      async handler(_options, bundle) {
        const appChunks = new Map<string, string>();
        for (const output of Object.values(bundle)) {
          if (output.type === 'chunk' && output.isDynamicEntry && output.facadeModuleId) appChunks.set(output.facadeModuleId, `/${output.fileName}`);
        }
        const early = await rolldown({
          input: fileURLToPath(new URL(earlyEntry, import.meta.url)),
          plugins: [
            {
              name: 'tether-app-chunks',
              resolveDynamicImport(source, importer) {
                const base = path.resolve(path.dirname(importer ?? ''), String(source));
                const chunk = ['', '.tsx', '.ts'].map((ext) => appChunks.get(base + ext)).find((url) => url !== undefined);
                if (!chunk) throw new Error(`${earlyEntry}: import(${JSON.stringify(source)}) in ${importer} is none of the app's chunks`);
                return { id: chunk, external: 'absolute' };
              },
            },
          ],
        });
        const { output } = await early.generate({ format: 'es', minify: true });
        await early.close();
        if (output.length !== 1 || output[0].type !== 'chunk') throw new Error(`${earlyEntry} must build into one script, not ${output.length} files`);
        const code = output[0].code;
        // About 5 KB today: far more means something heavy (zod, React, a schema) came in through an import.
        if (code.length > EARLY_ENTRY_MAX_BYTES) throw new Error(`${earlyEntry} built to ${code.length} bytes (at most ${EARLY_ENTRY_MAX_BYTES}): what did it import?`);
        fileName = `assets/early-start-${createHash('sha256').update(code).digest('base64url').slice(0, 8)}.js`;
        this.emitFile({ type: 'asset', fileName, source: code });
      },
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (ctx.bundle && !fileName) throw new Error(`${earlyEntry} was not built`);
        const src = ctx.bundle ? `/${fileName}` : `/${earlyEntry}`;
        return [{ tag: 'script', attrs: { type: 'module', async: true, crossorigin: true, src }, injectTo: 'head-prepend' }];
      },
    },
  };
}

/**
 * Brotli and gzip copies of the built code and styles beside each file; the server
 * sends one to a browser that accepts it (@fastify/static `preCompressed`, see
 * server/api/spa-routes.ts): about 600 KB of JavaScript travel as about 170 KB,
 * which an operator on a remote server feels on every cold load.
 */
function precompressedAssets(): Plugin {
  return {
    name: 'tether-precompressed-assets',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|svg)$/.test(fileName)) continue;
        const file = path.join(options.dir!, fileName);
        const source = fs.readFileSync(file);
        // Below a packet's worth, the headers weigh more than the bytes saved.
        if (source.length < 1024) continue;
        fs.writeFileSync(`${file}.br`, zlib.brotliCompressSync(source, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length } }));
        fs.writeFileSync(`${file}.gz`, zlib.gzipSync(source, { level: 9 }));
      }
    },
  };
}

export default defineConfig({
  plugins: [react(), earlyStartEntry(), precompressedAssets()],
  server: {
    proxy: {
      '/api': { target: backend, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    // Not served by default: the server would hand the whole client source to anyone. `TETHER_SOURCEMAP=1 npm run build` for debugging.
    sourcemap: process.env.TETHER_SOURCEMAP === '1',
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // zod and its configuration in one chunk, which every chunk that builds a schema imports: the
            // configuration (jitless, src/lib/api/zod-config.ts) then runs before any schema is built. Left to the
            // default splitting it ran in the entry chunk, after the shared chunks had built the schemas: zod
            // probed `new Function` (a CSP violation on every load) and compiled parsers wherever eval was allowed.
            { name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]src[\\/]lib[\\/]api[\\/]zod-config\.ts$/ },
          ],
        },
      },
    },
  },
});
