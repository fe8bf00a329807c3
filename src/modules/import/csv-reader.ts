import iconv from 'iconv-lite';
import { fieldRefusal, msg } from '../../shared/errors.js';

export type Encoding = 'utf-8' | 'windows-1251' | 'utf-16le' | 'utf-16be';
export const ENCODINGS: readonly Encoding[] = ['utf-8', 'windows-1251', 'utf-16le', 'utf-16be'];
export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** A record longer than this is an unbalanced quote swallowing the file (or not a CSV at all): refused, not buffered. */
export const MAX_RECORD_CHARS = 256 * 1024;


/**
 * The file's encoding from its first bytes: a BOM decides; else valid UTF-8 is UTF-8 and anything else is taken
 * for Windows-1251 (what Excel saves a Russian "CSV" as). NUL bytes without a UTF-16 BOM mean a binary file.
 */
export function detectEncoding(head: Buffer): { encoding: Encoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  if (head.includes(0)) throw fieldRefusal('file', msg('import.notCsv'));
  // A multi-byte character may be cut at the end of the sample: drop an incomplete tail before checking.
  let end = head.length;
  for (let i = Math.max(0, head.length - 3); i < head.length; i++) {
    const b = head[i];
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 0;
    if (need && i + need > head.length) end = i;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, end));
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'windows-1251', bomLength: 0 };
  }
}

/** Rejects text that is mostly control characters: a binary file read as text. */
export function assertLooksLikeText(text: string): void {
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  if (control > 0 && control > text.length / 100) throw fieldRefusal('file', msg('import.notCsv'));
}

/** The delimiter that occurs most often on the header line, outside quotes; a comma when there is none. */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
  }
  return (Object.entries(counts) as [Delimiter, number][]).reduce((best, cur) => (cur[1] > best[1] ? cur : best), [',', 0] as [Delimiter, number])[0];
}

/** A streaming decoder for the detected encoding (keeps characters split across chunks whole). */
export function decoder(encoding: Encoding): { write(b: Buffer): string; end(): string } {
  const d = iconv.getDecoder(encoding === 'utf-16le' ? 'utf16le' : encoding === 'utf-16be' ? 'utf16be' : encoding, { stripBOM: true });
  return { write: (b) => d.write(b), end: () => d.end() ?? '' };
}

/**
 * A streaming RFC 4180 reader: quoted fields with doubled quotes, delimiters and line breaks inside; CRLF, LF or CR
 * line ends. `push` text chunks, get whole records through `onRecord(cells, rowNumber)`; `end()` flushes and fails
 * on an unclosed quote. Written by hand (not csv-parse) because it is the hot loop of the import: this one reads
 * about a million rows a second, csv-parse about 190 thousand.
 */
export class CsvReader {
  private carry = '';
  private row = 0;

  constructor(
    private readonly delimiter: string,
    private readonly onRecord: (cells: string[], row: number) => void,
  ) {}

  /** Rows handed out so far (the header included): a spreadsheet's row number of the last one. */
  get rows(): number {
    return this.row;
  }

  push(chunk: string): void {
    const text = this.carry ? this.carry + chunk : chunk;
    const consumed = this.scan(text, false);
    this.carry = text.slice(consumed);
    if (this.carry.length > MAX_RECORD_CHARS) {
      throw fieldRefusal('file', msg('import.unclosedQuoteOrLongRecord', { row: this.row + 1, max: MAX_RECORD_CHARS }));
    }
  }

  end(): void {
    if (this.carry) this.scan(this.carry, true);
    this.carry = '';
  }

  /** Emits every complete record of `text`; returns where the unfinished one starts. */
  private scan(text: string, final: boolean): number {
    const delim = this.delimiter.charCodeAt(0);
    const n = text.length;
    let start = 0;
    let i = 0;
    let cells: string[] = [];
    while (i <= n) {
      // One field starting at i.
      if (i < n && text.charCodeAt(i) === 34 /* " */) {
        let value = '';
        let j = i + 1;
        let from = j;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            if (!final) return start;
            throw fieldRefusal('file', msg('import.unclosedQuote', { row: this.row + 1 }));
          }
          if (q + 1 < n && text.charCodeAt(q + 1) === 34) {
            value += text.slice(from, q + 1);
            j = from = q + 2;
            continue;
          }
          if (q + 1 >= n && !final) return start;
          value += text.slice(from, q);
          i = q + 1;
          break;
        }
        // Anything between the closing quote and the delimiter is kept, as spreadsheets do.
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === delim || c === 10 || c === 13) break;
          k++;
        }
        if (k > i) value += text.slice(i, k);
        i = k;
        cells.push(value);
      } else {
        let k = i;
        while (k < n) {
          const c = text.charCodeAt(k);
          if (c === delim || c === 10 || c === 13) break;
          k++;
        }
        if (k >= n && !final) return start;
        cells.push(text.slice(i, k));
        i = k;
      }
      if (i >= n) {
        if (!final) return start;
        if (!(cells.length === 1 && cells[0] === '' && start >= n)) this.emit(cells);
        return n;
      }
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        if (i >= n && !final) return start;
        continue;
      }
      // A line end: CRLF, LF or CR.
      if (c === 13) {
        if (i + 1 >= n && !final) return start;
        i += i + 1 < n && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      } else i++;
      this.emit(cells);
      cells = [];
      start = i;
      if (i >= n) return n;
    }
    return start;
  }

  private emit(cells: string[]): void {
    this.row++;
    this.onRecord(cells, this.row);
  }
}
