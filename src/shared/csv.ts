/**
 * The product's one CSV writer (the dashboard's statistics export, the import error report): RFC 4180 quoting, CRLF
 * line ends, and a UTF-8 byte-order mark so Excel reads Cyrillic correctly. Free of Node and browser APIs: the
 * panel's components bundle it too.
 *
 * Why both separators matter whatever the file's own delimiter: Excel opens a .csv with the list separator of the
 * user's locale — `,` in an English Excel, `;` in a Russian one — not with the delimiter the file was written with.
 * Read with the other separator, our quotes protect nothing: a quote is only special at the very start of a field,
 * and the fields now start at the line start and after every occurrence of the other separator inside our cells.
 * A line break inside a quoted cell ends the row there, too. So `Promo;=cmd|' /C calc'!A0` in a `,` file, quoted or
 * not, is a formula cell `=cmd|' /C calc'!A0` to a Russian Excel. Hence:
 * - every cell holding `,` `;` tab, a quote or a line break is quoted, whatever the delimiter (so the file reads right
 *   with either separator wherever the quotes do count);
 * - every place where a field can start — the cell's start and right after any `,` `;` tab, CR or LF in it — that
 *   begins (after spaces and quotes, which Excel may drop) with a formula character gets an apostrophe there. The
 *   reader then sees text, at the price of an apostrophe inside such rare values.
 */

/** A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A field start inside a cell (after either separator, a tab or a line break) followed by a formula character. */
const FORMULA_AFTER_SEPARATOR = /([,;\t\r\n])(?=[\s"]*[=+\-@])/g;
/** Cells holding any of these are quoted, whatever the delimiter. */
const NEEDS_QUOTES = /[,;\t"\r\n]/;

/** Makes Excel read the file as UTF-8. */
export const CSV_BOM = '\uFEFF';

/**
 * Text a spreadsheet must show exactly as written although it looks like a number or a formula: phones
 * (`+79123456789` would be a formula, or the number 7.91E+10; `89123456789` a number). When the text is made only
 * of digits, spaces and `+ ( ) - .` — nothing a formula could call or reference — it is written as the string
 * formula `="+79123456789"`, which Excel, LibreOffice and Google Sheets show as that text; anything else is an
 * ordinary string cell, neutralised as usual.
 */
export class SpreadsheetText {
  constructor(readonly text: string) {}
}

/** What SpreadsheetText writes as a string formula: a digit among digits, spaces and `+ ( ) - .`, nothing else. */
const NUMBER_LIKE = /^[+(]*\d[\d ()+\-.]*$/;

export type CsvValue = string | number | boolean | null | undefined | SpreadsheetText;

/**
 * One cell. Text that a spreadsheet would run as a formula, read with either separator, gets apostrophes (see
 * above); numbers are values, not text, and are written as they are (a negative ROI stays a number). Cells with
 * either separator, the delimiter, tabs, quotes or line breaks are quoted, quotes doubled.
 */
export function csvCell(value: CsvValue, delimiter = ',', decimal: '.' | ',' = '.'): string {
  if (value === null || value === undefined) return '';
  if (value instanceof SpreadsheetText) {
    const literal = NUMBER_LIKE.test(value.text) && value.text.length <= 40;
    return literal ? `"=""${value.text}"""` : csvCell(value.text, delimiter, decimal);
  }
  let text = typeof value === 'number' && decimal === ',' ? String(value).replace('.', ',') : String(value);
  if (typeof value === 'string') {
    text = text.replace(FORMULA_AFTER_SEPARATOR, "$1'");
    if (FORMULA_START.test(text) || /^[\s"]*[=+\-@]/.test(text)) text = `'${text}`;
  }
  return NEEDS_QUOTES.test(text) || text.includes(delimiter) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line: the cells joined by the delimiter, CRLF at the end. */
export function csvLine(values: CsvValue[], delimiter = ',', decimal: '.' | ',' = '.'): string {
  return `${values.map((v) => csvCell(v, delimiter, decimal)).join(delimiter)}\r\n`;
}

/**
 * A whole file: header and rows, CRLF after every line, starting with a BOM unless told otherwise. `decimal: ','`
 * writes numbers with a decimal comma, as a Russian Excel reads them (use it with the `;` delimiter).
 */
export function toCsv(rows: CsvValue[][], opts: { delimiter?: string; decimal?: '.' | ','; bom?: boolean } = {}): string {
  const delimiter = opts.delimiter ?? ',';
  return (opts.bom === false ? '' : CSV_BOM) + rows.map((row) => csvLine(row, delimiter, opts.decimal)).join('');
}

/** The CSV conventions of a spreadsheet in the user's language: Russian Excel splits on `;` and reads `1,5`. */
export const csvFormatFor = (language: string): { delimiter: ',' | ';'; decimal: '.' | ',' } =>
  language.startsWith('ru') ? { delimiter: ';', decimal: ',' } : { delimiter: ',', decimal: '.' };
