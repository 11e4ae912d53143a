import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

// The backend serves the built SPA and the API on one port; in dev, Vite proxies
// the API (HTTP and WebSocket) to a backend started beside it.
const backend = process.env.TETHER_DEV_BACKEND ?? 'http://127.0.0.1:8787';

const earlyEntry = 'src/app/early-start.ts';

/**
 * The app's second entry (src/app/early-start.ts) as its own small chunk, loaded
 * `async` from the head, so it runs while the main entry is still loading and
 * starts the page's first reads. Written in index.html, Vite would fold it into
 * the main entry, behind that entry's whole module graph.
 */
function earlyStartEntry(): Plugin {
  return {
    name: 'tether-early-start',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = ctx.bundle && Object.values(ctx.bundle).find((output) => output.type === 'chunk' && output.isEntry && output.name === 'early-start');
        if (ctx.bundle && !chunk) throw new Error(`${earlyEntry} was not built as an entry`);
        const src = chunk ? `/${chunk.fileName}` : `/${earlyEntry}`;
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
      input: { index: fileURLToPath(new URL('index.html', import.meta.url)), 'early-start': fileURLToPath(new URL(earlyEntry, import.meta.url)) },
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
