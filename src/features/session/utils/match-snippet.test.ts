import { describe, expect, it } from 'vitest';
import { matchSnippet } from './match-snippet';

describe('matchSnippet', () => {
  it('shows the words around the first value holding the text, on one line', () => {
    const output = `${'a'.repeat(100)} the Needle\nis here ${'b'.repeat(100)}`;
    const snippet = matchSnippet({ type: 'tool_call_complete', name: 'bash', output }, 'needle');
    expect(snippet).toContain('the Needle is here');
    expect(snippet!.startsWith('…')).toBe(true);
    expect(snippet!.endsWith('…')).toBe(true);
    expect(snippet!.length).toBeLessThan(110);
  });

  it('is null without a needle or a string value holding it', () => {
    expect(matchSnippet({ text: 'hello' }, '')).toBeNull();
    expect(matchSnippet({ text: 'hello', seq: 42 }, '42')).toBeNull();
    expect(matchSnippet({ nested: { deeper: ['ÄRGER'] } }, 'ärger')).toBe('ÄRGER');
  });
});
