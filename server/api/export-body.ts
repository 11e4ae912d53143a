import type { ExportFormat, ExportView } from '#protocol/api-queries';
import { csvLine } from './csv-writer';
import { exportValue } from './export-values';
import type { ExportRecord } from './export-views';

// The bytes of an export: CSV (a header row, then one line per record) or JSON
// Lines (one object per line, the same fields in the same order).

export const exportContentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson; charset=utf-8',
};

/** `20261124T130000Z`: sortable, and safe in a file name on every system. */
const compactIso = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');

/**
 * `tether-watch-token-usage-20261124T130000Z-to-20261124T140000Z.csv`: the view and
 * the time range it covers. An open range ends when the export was asked for
 * (`nowMs`): "now" in a file name is wrong as soon as the file is saved.
 */
export function exportFileName(view: ExportView, format: ExportFormat, from: number | undefined, to: number | undefined, nowMs: number): string {
  const range = `${from === undefined ? 'start' : compactIso(from)}-to-${compactIso(to ?? nowMs)}`;
  return `tether-watch-${view}-${range}.${format}`;
}

/** One page of records in `format`, each record's `columns` in order, as export-values writes them. */
export function encodeRecords(format: ExportFormat, columns: readonly string[], records: readonly ExportRecord[]): string {
  let text = '';
  for (const record of records) {
    if (format === 'csv') {
      text += csvLine(columns.map((column) => exportValue(record, column)));
      continue;
    }
    const picked: ExportRecord = {};
    for (const column of columns) picked[column] = exportValue(record, column);
    text += `${JSON.stringify(picked)}\n`;
  }
  return text;
}

/**
 * The whole export as text chunks, one per store page, pulled on demand: the page
 * after is read only when the reader has taken this one (backpressure reaches the
 * store). `first` is the first page, already read so that a failing store is a 500
 * before any header is sent; `rest` yields the pages after it.
 */
export async function* exportChunks(
  format: ExportFormat,
  columns: readonly string[],
  first: readonly ExportRecord[],
  rest: AsyncIterator<ExportRecord[]>,
): AsyncGenerator<string> {
  yield (format === 'csv' ? csvLine(columns) : '') + encodeRecords(format, columns, first);
  for (;;) {
    const next = await rest.next();
    if (next.done === true) return;
    yield encodeRecords(format, columns, next.value);
  }
}
