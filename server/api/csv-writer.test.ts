import { describe, expect, it } from 'vitest';
import { parseCsv } from '../test-support/parse-csv';
import { csvCell, csvLine, csvLines } from './csv-writer';

describe('csvCell', () => {
  it.each([
    ['plain text', 'plain text'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r\nlf', '"cr\r\nlf"'],
    ['"', '""""'],
    ['', ''],
    ['héllo 漢字 🚀', 'héllo 漢字 🚀'],
  ])('writes the text %j as %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('leaves null and undefined empty', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
  });

  it('keeps numbers numeric, negative ones too, and drops non-finite ones', () => {
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(Number.POSITIVE_INFINITY)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('guards the formula-like text %j as %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('csvLine and csvLines', () => {
  it('separates with commas and ends each record with CRLF', () => {
    expect(csvLine(['a', 1, null, 'b,c'])).toBe('a,1,,"b,c"\r\n');
  });

  it('writes the named columns of each record, in column order, and reads back the same', () => {
    const records = [
      { b: 'x', a: 1, c: 'multi\nline, "quoted"' },
      { a: 2, b: null, c: 'ünïcödé' },
    ];
    const text = csvLine(['a', 'b', 'c']) + csvLines(['a', 'b', 'c'], records);
    expect(text).toBe('a,b,c\r\n1,x,"multi\nline, ""quoted"""\r\n2,,ünïcödé\r\n');
    expect(parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x', 'multi\nline, "quoted"'],
      ['2', '', 'ünïcödé'],
    ]);
  });
});
