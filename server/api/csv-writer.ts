// CSV as RFC 4180 writes it: fields separated by commas, records ended by CRLF, a
// field quoted when it holds a comma, a double quote, CR or LF, its quotes doubled.

/**
 * A text cell a spreadsheet would run as a formula (= + - @, or a tab or CR that some
 * read past) gets a leading apostrophe: exported agent output must not execute when
 * opened. Numbers are written as numbers, so a negative number stays numeric.
 */
const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

/** One field: null and undefined are empty, numbers and booleans as written, text guarded and quoted as needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record, CRLF-terminated. */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

/** The `columns` of each record, in column order: one line each. */
export function csvLines(columns: readonly string[], records: readonly Record<string, unknown>[]): string {
  let text = '';
  for (const record of records) text += csvLine(columns.map((column) => record[column]));
  return text;
}
