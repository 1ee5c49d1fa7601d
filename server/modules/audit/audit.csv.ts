/**
 * CSV for spreadsheets. Every cell is quoted, and a cell that a spreadsheet
 * would read as a formula (starting =, +, -, @, tab or carriage return) is
 * prefixed with an apostrophe, so an entry can never run as a formula.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function csvRow(values: unknown[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
