import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The backend serves the built SPA and the API on one port; in dev, Vite proxies
// the API (HTTP and WebSocket) to a backend started beside it.
const backend = process.env.TETHER_DEV_BACKEND ?? 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [react()],
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
