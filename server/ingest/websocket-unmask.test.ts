import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Every frame a producer sends is masked (RFC 6455 §5.3) and the server unmasks
// it before anything else. `ws` does that in JavaScript unless the native
// `bufferutil` loads (or, from Node 26 on, Node's own `http` offers it): measured on bulk ingest (100,000 token_usage events in
// frames of 500), the JavaScript loop took about 110 ms of the main thread's
// ~1.7 s, and ingest ran at 63k events/s against 72k with the addon (medians of
// four alternating runs). This holds the addon in place, on every Node CI runs.

const require = createRequire(import.meta.url);

describe('WebSocket unmasking', () => {
  it('runs natively: the bufferutil addon loads, and ws uses it or Node\'s own', () => {
    const bufferUtil = require('bufferutil') as { unmask(buffer: Buffer, mask: Buffer): void };
    const payload = Buffer.from('{"session_id":"s","seq":1,"type":"text_chunk","delta":"' + 'x'.repeat(4_000) + '"}');
    const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
    const masked = Buffer.from(payload.map((byte, i) => byte ^ mask[i % 4]!));
    bufferUtil.unmask(masked, mask);
    expect(masked.equals(payload)).toBe(true);

    // ws unmasks a large buffer natively, not in its own loop: with the addon, or on a Node
    // that has its own (Node 26 does; ws prefers it). An internal module, read by path: ws
    // exports no subpath for it.
    const wsBufferUtil = require(path.join(path.dirname(require.resolve('ws')), 'lib/buffer-util.js')) as { unmask: (buffer: Buffer, mask: Buffer) => void };
    expect(process.env.WS_NO_BUFFER_UTIL).toBeUndefined();
    expect(wsBufferUtil.unmask.toString()).toMatch(/bufferUtil\.unmask|websocketUnmask/);
  });
});
