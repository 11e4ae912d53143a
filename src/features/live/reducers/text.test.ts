import { describe, expect, it } from 'vitest';
import { defaultLiveConfig as config } from '../live-config';
import { makeEvent } from '../test-support/test-events';
import { emptySessionLive } from './session-live';
import { reduceTextChunk } from './text-chunk';
import { reduceTextComplete } from './text-complete';
import { reduceThinking } from './thinking';
import { reduceThinkingComplete } from './thinking-complete';

const base = emptySessionLive('s1');

describe('text reducers', () => {
  it('appends deltas and replaces on a snapshot', () => {
    let s = reduceTextChunk(base, makeEvent('text_chunk', 1, { delta: 'Hel' }), config);
    s = reduceTextChunk(s, makeEvent('text_chunk', 2, { delta: 'lo' }), config);
    expect(s.step).toEqual({ text: 'Hello', complete: false });
    s = reduceTextChunk(s, makeEvent('text_chunk', 3, { text: 'Hello, world' }), config);
    expect(s.step?.text).toBe('Hello, world');
  });

  it('finalises with text_complete, and the next delta starts a new step', () => {
    let s = reduceTextChunk(base, makeEvent('text_chunk', 1, { delta: 'draft' }), config);
    s = reduceTextComplete(s, makeEvent('text_complete', 2, { text: 'final text' }), config);
    expect(s.step).toEqual({ text: 'final text', complete: true });
    s = reduceTextChunk(s, makeEvent('text_chunk', 3, { delta: 'Next' }), config);
    expect(s.step).toEqual({ text: 'Next', complete: false });
  });

  it('ends thinking and a stream retry once text flows', () => {
    let s = reduceThinking(base, makeEvent('thinking', 1), config);
    expect(s.thinking).toBe(true);
    s = { ...s, retry: { attempt: 1, maxRestarts: 3, reason: 'reset' } };
    s = reduceTextChunk(s, makeEvent('text_chunk', 2, { delta: 'x' }), config);
    expect(s.thinking).toBe(false);
    expect(s.retry).toBeNull();
  });

  it('ends thinking on thinking_complete and returns the same state when already idle', () => {
    const thinking = reduceThinking(base, makeEvent('thinking', 1), config);
    expect(reduceThinking(thinking, makeEvent('thinking', 2), config)).toBe(thinking);
    expect(reduceThinkingComplete(thinking, makeEvent('thinking_complete', 3, { thought: 'ok' }), config).thinking).toBe(false);
    expect(reduceThinkingComplete(base, makeEvent('thinking_complete', 4, { thought: 'ok' }), config)).toBe(base);
  });
});
