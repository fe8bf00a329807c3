import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { xlsxSheetWriter, type XlsxColumn } from '../../src/modules/export/xlsx-writer.js';

/** The export's own .xlsx writer, read back by another library: cell types, values as typed, the header. */

async function written(columns: XlsxColumn[], rows: (string | null)[][]): Promise<ExcelJS.Worksheet> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const sheet = xlsxSheetWriter(out, 'leads & co', columns);
  for (const r of rows) await sheet.row(r);
  await sheet.end();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.concat(chunks) as never);
  return wb.worksheets[0];
}

const COLUMNS: XlsxColumn[] = [
  { kind: 'int', header: 'ID', width: 10 },
  { kind: 'text', header: 'ФИО <и> «&»', width: 30 },
  { kind: 'money', header: 'Сумма', width: 14 },
  { kind: 'date', header: 'Дата', width: 12 },
  { kind: 'instant', header: 'Создан', width: 19 },
  { kind: 'enum', header: 'Статус', width: 12 },
];

it('writes numbers, money, dates and text as typed cells, with a bold frozen header', async () => {
  const sheet = await written(COLUMNS, [
    ['12', '=HYPERLINK("http://x","y")', '1234.50', '2026-03-12', '2026-03-12 14:05:09', 'Новый'],
    ['13', '  Семёнова & <Алла>\r\n\u0001', '-0.10', null, null, null],
  ]);
  expect(sheet.name).toBe('leads & co');
  const header = sheet.getRow(1);
  expect(header.values).toEqual([undefined, 'ID', 'ФИО <и> «&»', 'Сумма', 'Дата', 'Создан', 'Статус']);
  expect(header.getCell(1).font?.bold).toBe(true);
  expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  expect(sheet.getColumn(2).width).toBe(30);

  const a = sheet.getRow(2);
  expect(a.getCell(1).value).toBe(12);
  expect(a.getCell(2).type).toBe(ExcelJS.ValueType.String);
  expect(a.getCell(2).value).toBe('=HYPERLINK("http://x","y")');
  expect(a.getCell(3).value).toBe(1234.5);
  expect(a.getCell(3).numFmt).toBe('#,##0.00');
  expect(a.getCell(4).value).toEqual(new Date('2026-03-12T00:00:00Z'));
  expect(a.getCell(4).numFmt).toBe('dd.mm.yyyy');
  expect((a.getCell(5).value as Date).toISOString()).toBe('2026-03-12T14:05:09.000Z');
  expect(a.getCell(5).numFmt).toBe('dd.mm.yyyy hh:mm:ss');
  expect(a.getCell(6).value).toBe('Новый');

  const b = sheet.getRow(3);
  // spaces kept, XML's special characters and a carriage return survive, a control character XML cannot hold is dropped
  expect(b.getCell(2).value).toBe('  Семёнова & <Алла>\r\n');
  expect(b.getCell(3).value).toBe(-0.1);
  expect(b.getCell(4).type).toBe(ExcelJS.ValueType.Null);
  expect(sheet.rowCount).toBe(3);
});

it('an export with no rows is the header alone', async () => {
  const sheet = await written(COLUMNS, []);
  expect(sheet.rowCount).toBe(1);
});

it('many rows go through the zip in order', async () => {
  const rows = Array.from({ length: 5000 }, (_, i) => [String(i + 1), `Лид ${i + 1}`, '1.00', '2026-01-01', '2026-01-01 00:00:00', 'Новый']);
  const sheet = await written(COLUMNS, rows);
  expect(sheet.rowCount).toBe(5001);
  expect(sheet.getRow(5001).getCell(2).value).toBe('Лид 5000');
});
