import { describe, expect, it } from 'vitest';
import { commaList, isOneOf, oneOf, wholeNumber } from './lenient-values';

describe('lenient URL values', () => {
  it('takes one of the known words, else the fallback', () => {
    expect(oneOf(['a', 'b'], 'b', 'a')).toBe('b');
    expect(oneOf(['a', 'b'], 'c', 'a')).toBe('a');
    expect(oneOf(['a', 'b'], null, 'a')).toBe('a');
    expect(isOneOf(['a'], 'A')).toBe(false);
  });

  it('takes whole numbers in plain digits within the bounds only', () => {
    expect(wholeNumber('500', 1, 100_000)).toBe(500);
    expect(wholeNumber('0', 0)).toBe(0);
    for (const raw of ['', ' 5', '5 ', '-5', '1e3', '0x10', '12.5', '100001', '0']) expect(wholeNumber(raw, 1, 100_000), raw).toBeNull();
    // Beyond a safe integer, a number no longer says what was written.
    expect(wholeNumber('9007199254740993', 0)).toBeNull();
    expect(wholeNumber(null, 0)).toBeNull();
  });

  it('reads a comma list: trimmed, each once, only what fits, at most so many', () => {
    expect(commaList(' a, b ,a,,c', (v) => v.length === 1, 10)).toEqual(['a', 'b', 'c']);
    expect(commaList('a,b,c', () => true, 2)).toEqual(['a', 'b']);
    expect(commaList(null, () => true, 2)).toEqual([]);
  });
});
