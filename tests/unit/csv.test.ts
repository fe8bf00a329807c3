/**
 * The product's one CSV writer. Besides fixed cases, files are read back the way a spreadsheet reads them with
 * either list separator (`,` in an English Excel, `;` in a Russian one), whatever delimiter the file was written
 * with: no field may start as a formula, and with the file's own delimiter every value comes back intact.
 */
import { csvCell, csvFormatFor, csvLine, CSV_BOM, SpreadsheetText, toCsv } from '../../src/shared/csv.js';
import { prng } from '../../src/shared/prng.js';

/**
 * Reads CSV as a spreadsheet does: a quote is special only at the start of a field (`""` inside stands for one
 * quote, text after the closing quote is appended); CR, LF or CRLF outside quotes end the row.
 */
function readLikeExcel(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (; i < text.length; i++) {
        if (text[i] !== '"') field += text[i];
        else if (text[i + 1] === '"') field += text[i++];
        else {
          i++;
          break;
        }
      }
    }
    while (i < text.length && text[i] !== separator && text[i] !== '\r' && text[i] !== '\n') field += text[i++];
    row.push(field);
    if (text[i] === separator) {
      i++;
      continue;
    }
    rows.push(row);
    row = [];
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    if (i >= text.length) return rows;
  }
}

/** What a spreadsheet would run: a field starting, perhaps after spaces, with a formula character. */
const formulas = (rows: string[][]) => rows.flat().filter((f) => /^\s*[=+\-@]/.test(f));

const ATTACKS = [`Promo;=cmd|' /C calc'!A0`, 'a,=1+2', 'x\n=1+2', 'x\r\n@SUM(1)', 'a; -2+3', 'a,"=1+2"', 'a,\t=1', '"=HYPERLINK(""http://x"")"', '=1;+2,-3'];

describe('csvCell', () => {
  it('prefixes formula-like text with an apostrophe, quotes separators, quotes and line breaks, keeps numbers', () => {
    expect(csvCell('=SUM(A1:A2)')).toBe(`'=SUM(A1:A2)`);
    expect(csvCell('+7 912')).toBe(`'+7 912`);
    expect(csvCell('-1')).toBe(`'-1`);
    expect(csvCell('@cmd')).toBe(`'@cmd`);
    expect(csvCell('\tx')).toBe(`"'\tx"`);
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell(' =1')).toBe(`' =1`);
    expect(csvCell('a,b')).toBe(`"a,b"`);
    expect(csvCell('Say "hi"')).toBe(`"Say ""hi"""`);
    expect(csvCell('line\nbreak')).toBe(`"line\nbreak"`);
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell('Кампания')).toBe('Кампания');
    expect(csvCell('8 (912) 345-67-89')).toBe('8 (912) 345-67-89');
  });

  it('quotes both separators and tabs whatever the delimiter', () => {
    for (const delimiter of [',', ';']) {
      expect(csvCell('a;b', delimiter)).toBe('"a;b"');
      expect(csvCell('a,b', delimiter)).toBe('"a,b"');
      expect(csvCell('a\tb', delimiter)).toBe('"a\tb"');
    }
  });

  it('neutralises a formula after either separator or a line break inside a cell', () => {
    expect(csvCell(`Promo;=cmd|' /C calc'!A0`, ',')).toBe(`"Promo;'=cmd|' /C calc'!A0"`);
    expect(csvCell('a,=1+2', ';')).toBe(`"a,'=1+2"`);
    expect(csvCell('a, =1', ';')).toBe(`"a,' =1"`);
    expect(csvCell('x\n@SUM(1)')).toBe(`"x\n'@SUM(1)"`);
    expect(csvCell('a,"=1"')).toBe(`"a,'""=1"""`);
  });
});

describe('files read with either separator', () => {
  it.each([',', ';'])('written with %j: no field is a formula in either reading, and the own reading gives every value back', (delimiter) => {
    const r = prng(delimiter.charCodeAt(0));
    const pieces = ['a', 'Весна', ' ', ',', ';', '\t', '"', '\n', '\r\n', '=', '+', '-', '@', '1', "'", 'cmd|', '!A0'];
    const random = () => Array.from({ length: r.int(1, 8) }, () => r.pick(pieces)).join('');
    const rows = [...ATTACKS.map((a) => ['1', a, 'x']), ...Array.from({ length: 300 }, () => [String(r.int(1, 999)), random(), random(), random()])];
    const file = toCsv(rows, { delimiter, bom: false });

    for (const separator of [',', ';']) expect([separator, formulas(readLikeExcel(file, separator))]).toEqual([separator, []]);

    const back = readLikeExcel(file, delimiter);
    expect(back).toHaveLength(rows.length);
    // The apostrophes added are the only change.
    expect(back.map((row) => row.map((f) => f.replace(/'/g, '')))).toEqual(rows.map((row) => row.map((f) => f.replace(/'/g, ''))));
  });

  it('the old writer let `Promo;=cmd…` through to a `;` reader of a `,` file (what this guards)', () => {
    const unsafe = `1,"Promo;=cmd|' /C calc'!A0",search\r\n`;
    expect(formulas(readLikeExcel(unsafe, ';'))).toEqual([`=cmd|' /C calc'!A0",search`]);
    expect(formulas(readLikeExcel(csvLine([1, `Promo;=cmd|' /C calc'!A0`, 'search']), ';'))).toEqual([]);
  });
});

describe('csvLine and toCsv', () => {
  it('end every line with CRLF; a file starts with the UTF-8 BOM unless told otherwise', () => {
    expect(csvLine(['a', 2, null], ';')).toBe('a;2;\r\n');
    expect(toCsv([['name', 'leads'], ['Весна', 3]])).toBe(`${CSV_BOM}name,leads\r\nВесна,3\r\n`);
    expect(toCsv([['a']], { bom: false })).toBe('a\r\n');
  });

  it('write numbers with a decimal comma for a Russian spreadsheet, a negative number staying a number', () => {
    const ru = csvFormatFor('ru');
    expect(toCsv([['Весна', 1234567.8, -49.12, 25]], { ...ru, bom: false })).toBe('Весна;"1234567,8";"-49,12";25\r\n');
    expect(toCsv([['Spring', 1234567.8, -49.12]], { ...csvFormatFor('en'), bom: false })).toBe('Spring,1234567.8,-49.12\r\n');
    // text that looks like a negative number is still neutralised: only real numbers are exempt
    expect(toCsv([['-49,12']], { ...ru, bom: false })).toBe(`"'-49,12"\r\n`);
  });
});

describe('SpreadsheetText (phones in the import report)', () => {
  it('writes a phone-like text as a text formula a spreadsheet shows as typed, with either separator', () => {
    for (const phone of ['+79123456789', '+7 (912) 345-67-89', '8 912 345-67-89', '89123456789', '12-34', '12.03']) {
      for (const separator of [',', ';']) {
        const [[cell]] = readLikeExcel(csvLine([new SpreadsheetText(phone)], separator), separator);
        expect(cell).toBe(`="${phone}"`);
      }
    }
  });

  it('anything else is an ordinary cell, neutralised as usual: only digits, spaces and + ( ) - . become a formula', () => {
    for (const attack of [...ATTACKS, '+7 912" & HYPERLINK("x")', '1+A1', '+7\t912', '-1+cmd|x', '']) {
      const written = csvLine([new SpreadsheetText(attack)], ',');
      expect(written).toBe(csvLine([attack], ','));
      for (const separator of [',', ';']) expect(formulas(readLikeExcel(written, separator))).toEqual([]);
    }
  });
});
