/**
 * CSV that is safe to open in Excel: a cell that starts with =, +, -, @, tab or carriage
 * return would be read as a formula (CSV injection), so it is prefixed with a quote mark.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number (a negative longitude) is a number to Excel, never a formula: left as it is. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

export function excelSafeCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: unknown[][]): string {
  const lines = [header.map(excelSafeCell).join(','), ...rows.map((row) => row.map(excelSafeCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
