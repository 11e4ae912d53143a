import { describe, expect, it } from 'vitest';
import { confirmText, resultText } from './demo-data-text';

describe('demo data notice text', () => {
  it('says how many sessions go, and that the running demo stops', () => {
    expect(confirmText({ sessions: 1, demo_running: false })).toMatch(/^Remove 1 demo session\? /);
    expect(confirmText({ sessions: 7, demo_running: true })).toMatch(/^Remove 7 demo sessions and stop the running demo\? /);
  });

  it('reports what went, and whether the demo was stopped', () => {
    expect(resultText({ removed_sessions: 3, removed_events: 120, demo_stopped: true })).toBe(
      'Removed 3 demo sessions (120 stored events). The demo was stopped; start the server again to bring it back.',
    );
    expect(resultText({ removed_sessions: 1, removed_events: 4, demo_stopped: false })).toBe('Removed 1 demo session (4 stored events).');
  });
});
