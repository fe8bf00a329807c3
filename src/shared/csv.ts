/**
 * CSV writing for exports that people open in Excel or Google Sheets: RFC 4180 quoting, CRLF line ends, and a
 * UTF-8 byte-order mark so Excel reads Cyrillic correctly. Free of Node and browser APIs: the panel's components
 * bundle it too.
 */

/** Text starting with one of these is a formula to a spreadsheet (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | null | undefined;

/**
 * One cell. Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers are values, not text,
 * and are written as they are (a negative ROI stays a number). Cells with the delimiter, quotes or line breaks are
 * quoted, quotes doubled.
 */
export function csvCell(value: CsvValue, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return text.includes(delimiter) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: header and rows, CRLF after every line, starting with a BOM unless told otherwise. */
export function toCsv(rows: CsvValue[][], opts: { delimiter?: string; bom?: boolean } = {}): string {
  const delimiter = opts.delimiter ?? ',';
  const body = rows.map((row) => row.map((v) => csvCell(v, delimiter)).join(delimiter) + '\r\n').join('');
  return (opts.bom === false ? '' : '\uFEFF') + body;
}
