import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { watchPriceOverrides } from './price-source';

const at = Date.UTC(2026, 10, 24, 13);

function pricesFile(entries: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tether-prices-')), 'prices.json');
  fs.writeFileSync(file, JSON.stringify(entries));
  return file;
}

/** Rewrites the file with a later mtime, so the change is seen even within one clock tick. */
function rewrite(file: string, text: string, secondsLater: number): void {
  fs.writeFileSync(file, text);
  const later = new Date(Date.now() + secondsLater * 1000);
  fs.utimesSync(file, later, later);
}

describe('watchPriceOverrides', () => {
  it('reprices on the next request after the file changes, and keeps the last good prices when it breaks', () => {
    const file = pricesFile([{ model: 'acme/m', input_per_mtok: 1, output_per_mtok: 2 }]);
    const log = { info: vi.fn(), error: vi.fn() };
    const source = watchPriceOverrides(file, log);
    expect(source.current().ruleAt('acme/m', at).input_per_mtok).toBe(1);
    // Unchanged file: the same Prices (and its rule cache).
    expect(source.current()).toBe(source.current());

    rewrite(file, JSON.stringify([{ model: 'acme/m', input_per_mtok: 5, output_per_mtok: 6 }]), 10);
    expect(source.current().ruleAt('acme/m', at)).toMatchObject({ input_per_mtok: 5, output_per_mtok: 6 });

    rewrite(file, JSON.stringify([{ model: 'acme/m', input_per_mtok: 'cheap', output_per_mtok: 6 }]), 20);
    expect(source.current().ruleAt('acme/m', at).input_per_mtok).toBe(5);
    expect(log.error).toHaveBeenCalledTimes(1);
    expect(log.error.mock.calls[0]![0].err).toMatch(/entry 1 of 1 \(model "acme\/m"\): field `input_per_mtok`/);

    fs.rmSync(file);
    expect(source.current().ruleAt('acme/m', at).input_per_mtok).toBe(5);
    expect(log.error).toHaveBeenCalledTimes(2);
  });

  it('refuses an invalid file at start-up, naming it, the entry and the field', () => {
    const file = pricesFile([{ model: 'acme/m', input_per_mtok: 1 }]);
    expect(() => watchPriceOverrides(file, { info: vi.fn(), error: vi.fn() })).toThrow(
      new RegExp(`prices file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: entry 1 of 1 \\(model "acme/m"\\): field \`output_per_mtok\``),
    );
  });
});
