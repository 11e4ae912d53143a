// Entry of the OTLP worker thread. On Node 20, tsx's loader is not inherited by
// worker threads, so it is registered here before the TypeScript is loaded
// (as server/ingest/frame-validation-worker.mjs does).
import { register } from 'tsx/esm/api';

register();
await import('./otlp-prep-worker-main.ts');
