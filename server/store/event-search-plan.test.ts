import { describe, expect, it } from 'vitest';
import { prefilterFragment } from './event-search-plan';

describe('prefilterFragment', () => {
  it('is the needle as stored JSON escapes it', () => {
    expect(prefilterFragment('say "no"')).toBe('say \\"no\\"');
    expect(prefilterFragment('c:\\tmp')).toBe('c:\\\\tmp');
    expect(prefilterFragment('50%_x')).toBe('50%_x');
    expect(prefilterFragment('日本🙂')).toBe('日本🙂');
    expect(prefilterFragment('')).toBeNull();
  });

  it('leaves out what SQL may fold differently from JavaScript, keeping the longest safe run', () => {
    // SQLite lower() folds ASCII only: 'É' stays 'É' there while JavaScript makes it 'é'.
    expect(prefilterFragment('ab é cde')).toBe(' cde');
    // 'k' and 'i' also come from the Kelvin sign and 'İ' in JavaScript, never in SQL.
    expect(prefilterFragment('kilo-watt')).toBe('lo-watt');
    expect(prefilterFragment('éü')).toBeNull();
    // Half of a surrogate pair: the JSON holds the whole pair, not the escaped half.
    expect(prefilterFragment('ab\ud83d')).toBe('ab');
  });
});
