import { describe, expect, it } from 'vitest';
import { encodeRecords, exportChunks, exportFileName } from './export-body';
import type { ExportRecord } from './export-views';

describe('exportFileName', () => {
  const now = Date.UTC(2026, 10, 25, 8, 0, 1);
  it('names the view, the range and the format', () => {
    const from = Date.UTC(2026, 10, 24, 13, 5, 9, 250);
    expect(exportFileName('compactions', 'jsonl', undefined, Date.UTC(2026, 0, 1), now)).toBe('tether-watch-compactions-start-to-20260101T000000Z.jsonl');
    expect(exportFileName('usage', 'csv', from, Date.UTC(2026, 10, 24, 14), now)).toBe('tether-watch-usage-20261124T130509Z-to-20261124T140000Z.csv');
  });

  it('names the real end of an open range, the moment of the export, never "now"', () => {
    const from = Date.UTC(2026, 10, 24, 13, 5, 9, 250);
    expect(exportFileName('rlm-fallbacks', 'csv', from, undefined, now)).toBe('tether-watch-rlm-fallbacks-20261124T130509Z-to-20261125T080001Z.csv');
  });
});

describe('encodeRecords', () => {
  it('writes JSON Lines with exactly the columns, in order, missing ones as null', () => {
    expect(encodeRecords('jsonl', ['b', 'a'], [{ a: 1, b: 'x', extra: true }, { a: 2 }])).toBe('{"b":"x","a":1}\n{"b":null,"a":2}\n');
  });

  it('writes CSV lines without a header', () => {
    expect(encodeRecords('csv', ['a', 'b'], [{ a: 1, b: 'x,y' }])).toBe('1,"x,y"\r\n');
  });

  it('writes the readable twin of an instant and dollar sums without float noise, in both formats', () => {
    const record = { ts_ms: Date.UTC(2026, 10, 24, 13, 0, 0, 5), cost_usd: 0.13996060000000002 };
    const columns = ['ts_ms', 'ts', 'cost_usd'];
    expect(encodeRecords('csv', columns, [record])).toBe(`${record.ts_ms},2026-11-24T13:00:00.005Z,0.1399606\r\n`);
    expect(encodeRecords('jsonl', columns, [record])).toBe(`{"ts_ms":${record.ts_ms},"ts":"2026-11-24T13:00:00.005Z","cost_usd":0.1399606}\n`);
  });
});

describe('exportChunks', () => {
  /** Pages of one record each; counts how many the export has pulled. */
  function countingPages(total: number) {
    let pulled = 0;
    const iterator: AsyncIterator<ExportRecord[]> = {
      next: async () => (pulled < total ? { done: false, value: [{ n: ++pulled }] } : { done: true, value: undefined }),
    };
    return { iterator, pulled: () => pulled };
  }

  it('starts with the header and the first page, then reads each further page only when asked', async () => {
    const pages = countingPages(3);
    const chunks = exportChunks('csv', ['n'], [{ n: 0 }], pages.iterator);
    expect((await chunks.next()).value).toBe('n\r\n0\r\n');
    expect(pages.pulled()).toBe(0);
    expect((await chunks.next()).value).toBe('1\r\n');
    expect(pages.pulled()).toBe(1);
    const rest: string[] = [];
    for await (const chunk of chunks) rest.push(chunk);
    expect(rest).toEqual(['2\r\n', '3\r\n']);
  });

  it('writes no header in JSON Lines', async () => {
    const chunks = exportChunks('jsonl', ['n'], [], countingPages(0).iterator);
    expect(await chunks.next()).toEqual({ done: false, value: '' });
    expect((await chunks.next()).done).toBe(true);
  });
});
