import type { ExportRecord } from './export-views';

// What an export writes for each column, in one place for CSV and JSON Lines:
// every instant column (`ts_ms`, `bucket_start_ms`) is followed by the same
// instant as readable RFC 3339 UTC (`ts`, `bucket_start`), and dollar figures
// lose the binary floating-point noise of their sums (0.13996060000000002 →
// 0.1399606) without losing a cent's billionth.

/** Columns that hold an instant in Unix ms; each gets a readable twin named without `_ms`. */
const instantColumns: ReadonlyMap<string, string> = new Map([
  ['ts_ms', 'ts'],
  ['bucket_start_ms', 'bucket_start'],
]);

/** Decimal places a dollar figure keeps: far below any price per token, far above double noise. */
export const USD_DECIMALS = 10;

/** A dollar amount without float noise: rounded to USD_DECIMALS, trailing zeros gone (it stays a number). */
export function roundUsd(amount: number): number {
  if (!Number.isFinite(amount)) return amount;
  const rounded = Number(amount.toFixed(USD_DECIMALS));
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** `2026-11-24T13:00:00.000Z`: RFC 3339 in UTC, what a spreadsheet or `date -d` reads. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

/** The export's columns: the view's, each instant column followed by its readable twin. */
export function exportColumns(columns: readonly string[]): string[] {
  return columns.flatMap((column) => {
    const twin = instantColumns.get(column);
    return twin === undefined || columns.includes(twin) ? [column] : [column, twin];
  });
}

const twinOf: ReadonlyMap<string, string> = new Map([...instantColumns].map(([ms, twin]) => [twin, ms]));

/** The value written for one column of a record: a readable instant, a rounded dollar figure, or the field as it is. */
export function exportValue(record: ExportRecord, column: string): unknown {
  const source = twinOf.get(column);
  if (source !== undefined && !(column in record)) {
    const ms = record[source];
    return typeof ms === 'number' && Number.isFinite(ms) ? rfc3339(ms) : null;
  }
  const value = record[column];
  if (typeof value === 'number' && column.endsWith('_usd')) return roundUsd(value);
  return value ?? null;
}
