import { describe, expect, it } from 'vitest';
import { makeSummary as summary } from '../../../test-support/fixtures';
import { tokenTotalOf } from './use-live-usage-refresh';

describe('tokenTotalOf', () => {
  it('adds every kind of token of every listed session, so any new usage moves it', () => {
    const list = {
      sessions: [
        summary({ session_id: 'a', prompt_tokens: 100, completion_tokens: 20, cache_read_tokens: 3, cache_write_tokens: 0 }),
        summary({ session_id: 'b', prompt_tokens: 1000, completion_tokens: 0, cache_read_tokens: 0, cache_write_tokens: 7 }),
      ],
      total: 2,
      next_cursor: null,
      status_counts: { thinking: 0, streaming: 0, running_tool: 0, compacting: 0, rlm: 0, retrying: 0, awaiting_approval: 0, stalled: 0, idle: 2, abandoned: 0, done: 0, error: 0 },
      server_time_ms: 0,
    };
    expect(tokenTotalOf(list)).toBe(1130);
    expect(tokenTotalOf(undefined)).toBe(0);
  });
});
