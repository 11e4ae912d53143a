import { describe, expect, it } from 'vitest';
import type { LiveActivity } from '../hooks/use-live-session';
import { describeActivity } from './describe-activity';

const idle: LiveActivity = {
  thinking: false,
  streaming: false,
  tools: { byId: {}, ids: [] },
  rlm: null,
  compaction: null,
  retry: null,
  paused: false,
};

describe('describeActivity', () => {
  it('says nothing for an idle session', () => expect(describeActivity(idle)).toEqual([]));

  it('lists what is going on, warnings first', () => {
    const labels = describeActivity({
      ...idle,
      thinking: true,
      paused: true,
      tools: {
        ids: ['t1'],
        byId: { t1: { key: 't1', name: 'bash', arguments: '', startedMs: null, elapsedSecs: 12, output: [], metadata: undefined } },
      },
      rlm: { traceId: 'x', iteration: 3, maxIterations: 10, status: 'searching' },
    }).map((item) => item.label);
    expect(labels).toEqual(['Paused', 'RLM iteration 3 of 10 — searching', 'Running bash · 12.0 s', 'Thinking…']);
  });
});
