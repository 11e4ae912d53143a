import { z } from 'zod';

// zod speeds up object parsing by compiling code with `new Function`, after
// probing whether eval is allowed. Under the strict Content-Security-Policy the
// dashboard is served with, that probe is refused and reported as a CSP
// violation even though zod recovers. jitless skips the probe and the compiler.
// Imported first by main.tsx, before any schema parses anything.
z.config({ jitless: true });
