import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCrashTrial } from '../test-support/crash-trial';

// SIGKILL is the crash that graceful shutdown never sees: no drain, no close.
// What must hold is what was promised: an acknowledged event is on disk.
describe('crash safety', () => {
  it('a server SIGKILLed mid-stream and restarted keeps every acknowledged event, exactly once, in per-session order', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tether-crash-'));
    // Three crashes in one run: a server start costs seconds here, so each restart is the next trial's start.
    const report = await runCrashTrial({ dir, producers: 3, sessionsPerProducer: 4, kills: 3, killWindowMs: [100, 1200], tailMs: 500 });
    expect(report.examples).toEqual([]);
    expect(report).toMatchObject({ lost: 0, undelivered: 0, duplicates: 0, outOfOrder: 0 });
    // Each kill landed mid-stream: more had been acknowledged before it than before the previous one, and more after.
    const [first, second, third] = report.ackedBeforeKills;
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first!);
    expect(third).toBeGreaterThan(second!);
    expect(report.acked).toBeGreaterThan(third!);
    expect(report.stored).toBe(report.sentStored);
    expect(report.resent).toBeGreaterThan(0);
    expect(report.sentEphemeral).toBeGreaterThan(0);
  }, 60_000);
});
