// Entry of the validation worker thread. On Node 20, tsx's loader is not inherited by
// worker threads, so it is registered here before the TypeScript is loaded.
import { register } from 'tsx/esm/api';

register();
await import('./frame-validation-worker.ts');
