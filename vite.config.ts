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
  },
});
