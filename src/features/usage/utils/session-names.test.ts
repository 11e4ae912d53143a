import { describe, expect, it } from 'vitest';
import type { UsageRow } from '../../../protocol/cost-schemas';
import { sessionNamesOf } from './session-names';

const row = (session_id: string, names: Partial<UsageRow> = {}): UsageRow => ({
  session_id, prompt_tokens: 1, completion_tokens: 1, cache_read_tokens: 0, cache_write_tokens: 0, calls: 1, usage_report_calls: 0,
  reported_cost_usd: null, cost_usd: null, unpriced_tokens: 2, ...names,
});

describe('sessionNamesOf', () => {
  it('names each session from the rows grouped by session, whatever list they come from', () => {
    const names = sessionNamesOf(
      [row('a', { session_title: 'Fix the build', session_agent: 'build', session_producer: null }), row('a', { session_title: 'Fix the build' })],
      undefined,
      [row('b', { session_producer: 'tether-demo' })],
    );
    expect(Object.fromEntries(names)).toEqual({
      a: { title: 'Fix the build', agent: 'build', producer: null },
      b: { title: null, agent: null, producer: 'tether-demo' },
    });
  });

  it('leaves out rows not grouped by session', () => {
    const { session_id: _, ...bySource } = row('x');
    expect(sessionNamesOf([{ ...bySource, source: 'root' }]).size).toBe(0);
  });
});
