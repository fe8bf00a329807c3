import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { normalizePhone } from '../../src/modules/leads/contact.js';
import { normalizePhoneFast } from '../../src/modules/import/rows.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeLead } from '../support/factories.js';
import { Client } from '../support/http.js';
import { loginAs } from '../support/login.js';
import { projectRoot } from '../../src/shared/paths.js';

let t: TestApp;
let operator: Client;
const FIXTURES = path.join(projectRoot, 'tests', 'fixtures', 'import');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const LIMIT_MB = 2;

beforeAll(async () => {
  t = await startTestApp({ MAX_IMPORT_MB: String(LIMIT_MB) });
  operator = await login('operator');
});
afterAll(() => t.close());

const login = (role: 'admin' | 'operator' | 'marketer' | 'manager'): Promise<Client> => loginAs(t, [role]);

/** Posts a file as the raw body (text/csv unless told otherwise). */
async function post(client: Client | null, pathAndQuery: string, body: Buffer | string, type = 'text/csv', headers: Record<string, string> = {}) {
  const res = await fetch(t.baseUrl + pathAndQuery, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'content-type': type, ...headers, ...(client ? { cookie: client.cookieHeader } : {}) } });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = { raw: text };
  }
  return { status: res.status, json };
}

const importFile = (campaignId: number, body: Buffer | string, query = '', client: Client = operator) =>
  post(client, `/api/v1/leads/import?campaignId=${campaignId}${query}`, body);

const leadsOf = (campaignId: number) =>
  t.ds.query(`SELECT last_name, first_name, middle_name, phone, email, notes, import_batch_id FROM leads WHERE campaign_id = $1 ORDER BY id`, [campaignId]);
const countLeads = async (campaignId?: number) =>
  (await t.ds.query(`SELECT count(*)::int AS n FROM leads${campaignId ? ' WHERE campaign_id = $1' : ''}`, campaignId ? [campaignId] : []))[0].n as number;

describe('formats people actually export', () => {
  it('Excel: Windows-1251, semicolons, CRLF, a quoted field holding ; and a line break — dry run writes nothing, import writes all', async () => {
    const { id } = await makeCampaign(t.ds);
    const dry = await importFile(id, fixture('excel-cp1251.csv'), '&dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.json).toMatchObject({ batchId: null, dryRun: true, rows: 4, created: 4, duplicates: 0, invalid: 0, errors: [], encoding: 'windows-1251', delimiter: ';' });
    expect(dry.json.mapping).toEqual({ lastName: 0, firstName: 1, middleName: 2, phone: 3, email: 4, notes: 5 });
    expect(await countLeads(id)).toBe(0);
    expect(await t.ds.query(`SELECT * FROM import_batches WHERE campaign_id = $1`, [id])).toEqual([]);

    const res = await importFile(id, fixture('excel-cp1251.csv'));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ dryRun: false, rows: 4, created: 4, duplicates: 0, invalid: 0, errors: [] });
    const batchId = res.json.batchId;
    expect(batchId).toMatch(/^\d+$/);
    expect(await leadsOf(id)).toEqual([
      { last_name: 'Иванов', first_name: 'Иван', middle_name: 'Иванович', phone: '+79123456701', email: 'ivanov@example.com', notes: '', import_batch_id: batchId },
      { last_name: 'Петрова', first_name: 'Мария', middle_name: null, phone: '+79123456702', email: null, notes: 'Звонить после 18:00; спросить про\r\nскидку', import_batch_id: batchId },
      { last_name: 'Сидоров', first_name: 'Пётр', middle_name: 'Сергеевич', phone: null, email: 'sidorov@example.com', notes: 'Сказал "подумаю"', import_batch_id: batchId },
      { last_name: 'Ёлкина', first_name: 'Анна', middle_name: null, phone: '+79123456704', email: null, notes: '', import_batch_id: batchId },
    ]);
    const [batch] = await t.ds.query(`SELECT rows, created, duplicates, invalid, duplicate_policy FROM import_batches WHERE id = $1`, [batchId]);
    expect(batch).toEqual({ rows: 4, created: 4, duplicates: 0, invalid: 0, duplicate_policy: 'skip' });
  });

  it('Google Sheets: UTF-8 without BOM, an ФИО column split into parts, uploaded as multipart', async () => {
    const { id } = await makeCampaign(t.ds);
    const form = new FormData();
    form.append('duplicates', 'skip');
    form.append('file', new Blob([fixture('sheets-fio.csv')], { type: 'text/csv' }), 'sheets-fio.csv');
    const res = await operator.post(`/api/v1/leads/import?campaignId=${id}`, form);
    const json = await res.json();
    expect(res.status).toBe(201);
    expect(json).toMatchObject({ rows: 3, created: 3, invalid: 0, encoding: 'utf-8', delimiter: ',', mapping: { fullName: 0, phone: 1, email: 2, notes: 3 } });
    expect((await leadsOf(id)).map((l: any) => [l.last_name, l.first_name, l.middle_name, l.phone, l.email, l.notes])).toEqual([
      ['Кузнецов', 'Алексей', 'Петрович', '+79123456711', 'kuz@example.com', 'с сайта'],
      ['Смирнова', 'Ольга', null, '+79123456712', null, 'многострочный\nкомментарий, с запятой'],
      ['Попов', 'Сергей', 'Иванович оглы', null, 'popov@example.com', ''],
    ]);
    expect((await t.ds.query(`SELECT file_name FROM import_batches WHERE id = $1`, [json.batchId]))[0].file_name).toBe('sheets-fio.csv');
  });

  it('English headers with a BOM, a TSV and UTF-16LE "Unicode text"', async () => {
    const { id } = await makeCampaign(t.ds);
    const en = await importFile(id, fixture('english-bom.csv'));
    expect(en.json).toMatchObject({ rows: 2, created: 2, encoding: 'utf-8', delimiter: ',', columns: ['Last Name', 'First Name', 'Middle Name', 'Phone', 'Email', 'Notes'] });
    const tsv = await importFile(id, fixture('leads.tsv'));
    expect(tsv.json).toMatchObject({ rows: 2, created: 2, delimiter: '\t', mapping: { lastName: 0, firstName: 1, phone: 2, email: 3, notes: 4 } });
    const utf16 = await importFile(id, fixture('unicode-utf16.txt'));
    expect(utf16.json).toMatchObject({ rows: 2, created: 2, encoding: 'utf-16le', delimiter: '\t' });
    expect((await leadsOf(id)).map((l: any) => [l.last_name, l.phone, l.email, l.notes])).toEqual([
      ['Smith', '+79123456721', 'john@example.com', 'from the fair'],
      ['Doe', null, 'jane@example.com', ''],
      ['Волков', '+79123456731', null, 'входящий звонок'],
      ['Зайцева', null, 'zaytseva@example.com', ''],
      ['Морозов', '+79123456741', 'morozov@example.com', ''],
      ['Лебедева', '+79123456742', null, ''],
    ]);
  });

  it('a file far bigger than the pieces it is parsed in: characters cut between pieces arrive whole (UTF-8 and UTF-16)', async () => {
    const LAST = ['Щербакова', 'Ёлкин', 'Жуковский-Юсупов'];
    const rows = Array.from({ length: 3000 }, (_, i) => [LAST[i % 3], 'Юлия', `ул. Лётная, ${i}; «подъезд» ёж`, `lead${i}@example.ru`]);
    const csv = `Фамилия;Имя;Комментарий;Почта\r\n${rows.map((r) => `${r[0]};${r[1]};"${r[2]}";${r[3]}`).join('\r\n')}\r\n`;
    const utf8 = Buffer.from(csv, 'utf8');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv.replaceAll('@example', '@utf16.example'), 'utf16le')]);
    expect(utf8.length).toBeGreaterThan(4 * 32 * 1024);
    for (const [body, encoding] of [[utf8, 'utf-8'], [utf16, 'utf-16le']] as const) {
      const { id } = await makeCampaign(t.ds);
      const r = await importFile(id, body);
      expect(r.json).toMatchObject({ rows: 3000, created: 3000, invalid: 0, encoding, delimiter: ';' });
      const leads = await leadsOf(id);
      expect(leads.map((l: any) => [l.last_name, l.first_name, l.notes])).toEqual(rows.map((x) => [x[0], x[1], x[2]]));
    }
  });

  it('previews the start of a file: encoding, delimiter, header, proposed mapping, sample rows', async () => {
    const res = await post(operator, '/api/v1/leads/import/preview', fixture('excel-cp1251.csv'));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      encoding: 'windows-1251',
      delimiter: ';',
      columns: ['Фамилия', 'Имя', 'Отчество', 'Телефон', 'E-mail', 'Комментарий'],
      mapping: { lastName: 0, firstName: 1, middleName: 2, phone: 3, email: 4, notes: 5 },
    });
    expect(res.json.sample[0]).toEqual(['Иванов', 'Иван', 'Иванович', '8 (912) 345-67-01', 'Ivanov@Example.com', '']);
  });

  it('an explicit mapping overrides the proposal; a column that is not there is refused', async () => {
    const { id } = await makeCampaign(t.ds);
    const file = 'col1;col2;col3;телефон\nПавлов;Павел;+79123456781;не телефон\n';
    const mapping = encodeURIComponent(JSON.stringify({ lastName: 'col1', firstName: 1, phone: 2, notes: 3 }));
    const res = await importFile(id, file, `&mapping=${mapping}`);
    expect(res.json).toMatchObject({ rows: 1, created: 1, mapping: { lastName: 0, firstName: 1, phone: 2, notes: 3 } });
    expect((await leadsOf(id))[0]).toMatchObject({ last_name: 'Павлов', phone: '+79123456781', notes: 'не телефон' });
    const bad = await importFile(id, file, `&mapping=${encodeURIComponent(JSON.stringify({ lastName: 'нет такой' }))}`);
    expect(bad.status).toBe(422);
    expect(bad.json.error.details.fields.mapping).toBe('Поле «lastName»: нет такой колонки в файле (нет такой)');
  });
});

describe('dirty rows', () => {
  it('counts and reasons by line; duplicates in the file and against existing leads; formulas kept as text; the error report', async () => {
    const other = await makeCampaign(t.ds);
    const byPhone = await makeLead(t.ds, { campaignId: other.id, phone: '+79990000001', email: null });
    const byEmail = await makeLead(t.ds, { campaignId: other.id, phone: null, email: 'exists@example.com' });
    const { id } = await makeCampaign(t.ds);
    const expectedErrors = [
      { line: 3, reason: 'Повтор строки 2 (тот же телефон)' },
      { line: 4, reason: 'Повтор строки 2 (тот же e-mail)' },
      { line: 5, reason: `Такой лид уже есть: №${byPhone.id} (тот же телефон)` },
      { line: 6, reason: `Такой лид уже есть: №${byEmail.id} (тот же e-mail)` },
      { line: 7, reason: 'Неверный e-mail: «not-an-email»' },
      { line: 8, reason: 'Не похоже на номер телефона: «12-34»' },
      { line: 9, reason: 'Нет ни телефона, ни e-mail' },
      { line: 10, reason: 'Нет фамилии' },
      { line: 13, reason: 'Фамилия длиннее 100 символов' },
    ];
    const dry = await importFile(id, fixture('dirty.csv'), '&dryRun=true');
    expect(dry.json).toMatchObject({ batchId: null, rows: 12, created: 3, duplicates: 4, invalid: 5 });
    expect(dry.json.errors).toEqual(expectedErrors);
    expect(await countLeads(id)).toBe(0);

    const res = await importFile(id, fixture('dirty.csv'));
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ rows: 12, created: 3, duplicates: 4, invalid: 5, errors: expectedErrors });
    expect((await leadsOf(id)).map((l: any) => [l.last_name, l.phone, l.email, l.notes])).toEqual([
      ['Орлов', '+79123456751', 'orlov@example.com', 'ok'],
      ['Формулов', '+79123456760', null, '=HYPERLINK("http://evil")'],
      ['Новиков', '+79123456763', 'novikov@example.com', 'ok'],
    ]);

    const report = await operator.get(`/api/v1/leads/import/batches/${res.json.batchId}/errors.csv`);
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(report.headers.get('content-disposition')).toMatch(/^attachment; filename="?import-\d+-errors\.csv"?$/);
    const bytes = Buffer.from(await report.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Строка;Причина;Фамилия;Имя;Отчество;Телефон;E-mail;Комментарий');
    expect(lines.slice(1, -1)).toHaveLength(9);
    // Phones as text formulas, which a spreadsheet shows as typed (not as a number, a date or a formula).
    expect(lines[1]).toBe('3;Повтор строки 2 (тот же телефон);Орлова;Ольга;;"=""8 912 345-67-51""";;повтор телефона');
    expect(lines[3]).toBe(`5;Такой лид уже есть: №${byPhone.id} (тот же телефон);Существующий;Клиент;;"=""+79990000001""";;уже в базе`);
    expect(lines[4]).toBe(`6;Такой лид уже есть: №${byEmail.id} (тот же e-mail);Почтов;Павел;;;exists@example.com;уже в базе`);
    expect(lines[6]).toBe('8;Не похоже на номер телефона: «12-34»;Кривой;Номер;;"=""12-34""";;');
    expect(lines[7]).toBe(`9;"Нет ни телефона, ни e-mail";Без;Контактов;;;;'=1+2`);

    // The same file again with "skip" creates nothing new; with "create" the duplicates go in too.
    const again = await importFile(id, fixture('dirty.csv'));
    expect(again.json).toMatchObject({ rows: 12, created: 0, duplicates: 7, invalid: 5 });
    expect(await countLeads(id)).toBe(3);
    const fresh = await makeCampaign(t.ds);
    const anyway = await importFile(fresh.id, fixture('dirty.csv'), '&duplicates=create');
    expect(anyway.json).toMatchObject({ rows: 12, created: 7, duplicates: 7, invalid: 5 });
    expect(anyway.json.errors.map((e: { line: number }) => e.line)).toEqual([7, 8, 9, 10, 13]);
  });

  it('summary reasons and the error report in the language asked for: English with "," and English headers, Russian with ";"', async () => {
    const other = await makeCampaign(t.ds);
    const byPhone = await makeLead(t.ds, { campaignId: other.id, phone: '+79990000011', email: null });
    const { id } = await makeCampaign(t.ds);
    const file = [
      'Фамилия,Имя,Телефон,Email',
      'Орлов,Олег,+79123456771,orlov2@example.com',
      'Орлова,Ольга,8 912 345-67-71,',
      'Существующий,Клиент,+79990000011,',
      ',Безфамильный,12-34,bad@',
      `${'Д'.repeat(101)},Длинный,,`,
    ].join('\n');
    const english = {
      3: 'Repeats line 2 (same phone)',
      4: `Already a lead: ID ${byPhone.id} (same phone)`,
      5: 'No last name; not a phone number: "12-34"; invalid e-mail: "bad@"',
      6: 'Last name longer than 100 characters; neither a phone nor an e-mail',
    };
    const russian = {
      3: 'Повтор строки 2 (тот же телефон)',
      4: `Такой лид уже есть: №${byPhone.id} (тот же телефон)`,
      5: 'Нет фамилии; не похоже на номер телефона: «12-34»; неверный e-mail: «bad@»',
      6: 'Фамилия длиннее 100 символов; нет ни телефона, ни e-mail',
    };
    const asList = (reasons: Record<number, string>) => Object.entries(reasons).map(([line, reason]) => ({ line: Number(line), reason }));
    const dry = await post(operator, `/api/v1/leads/import?campaignId=${id}&dryRun=true`, file, 'text/csv', { 'accept-language': 'en-GB,en;q=0.9,ru;q=0.5' });
    expect(dry.json.errors).toEqual(asList(english));
    const res = await post(operator, `/api/v1/leads/import?campaignId=${id}`, file, 'text/csv', { 'accept-language': 'ru' });
    expect(res.status).toBe(201);
    expect(res.json.errors).toEqual(asList(russian));

    const download = async (query: string, headers: Record<string, string>) => {
      const r = await operator.request('GET', `/api/v1/leads/import/batches/${res.json.batchId}/errors.csv${query}`, undefined, headers);
      expect(r.status).toBe(200);
      const bytes = Buffer.from(await r.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return bytes.subarray(3).toString('utf8').split('\r\n');
    };
    const en = await download('', { 'accept-language': 'en' });
    expect(en).toEqual([
      'Line,Reason,Last name,First name,Middle name,Phone,E-mail,Notes',
      `3,Repeats line 2 (same phone),Орлова,Ольга,,"=""8 912 345-67-71""",,`,
      `4,Already a lead: ID ${byPhone.id} (same phone),Существующий,Клиент,,"=""+79990000011""",,`,
      `5,"No last name; not a phone number: ""12-34""; invalid e-mail: ""bad@""",,Безфамильный,,"=""12-34""",bad@,`,
      `6,"Last name longer than 100 characters; neither a phone nor an e-mail",${'Д'.repeat(101)},Длинный,,,,`,
      '',
    ]);
    const ru = await download('', { 'accept-language': 'ru-RU,ru;q=0.9' });
    expect(ru[0]).toBe('Строка;Причина;Фамилия;Имя;Отчество;Телефон;E-mail;Комментарий');
    expect(ru[3]).toBe(`5;"Нет фамилии; не похоже на номер телефона: «12-34»; неверный e-mail: «bad@»";;Безфамильный;;"=""12-34""";bad@;`);
    // A link cannot send Accept-Language: the panel names its language in the query, which wins.
    expect((await download('?lang=en', { 'accept-language': 'ru' }))[0]).toBe(en[0]);
    expect((await download('?lang=ru', { 'accept-language': 'en' }))[1]).toBe(`3;Повтор строки 2 (тот же телефон);Орлова;Ольга;;"=""8 912 345-67-71""";;`);

    // The report, fixed, goes back in: its phones (text formulas) are read as typed, its reason column is ignored.
    const fixedRow = ru[3].replace(';;Безфамильный;', ';Фамильный;Безфамильный;').replace('"=""12-34"""', '"=""+79123456774"""').replace(';bad@;', ';;');
    const again = await post(operator, `/api/v1/leads/import?campaignId=${id}`, [ru[0], fixedRow].join('\r\n'), 'text/csv');
    expect(again.json).toMatchObject({ rows: 1, created: 1, invalid: 0 });
    expect((await leadsOf(id)).at(-1)).toMatchObject({ last_name: 'Фамильный', phone: '+79123456774' });
  });

  it('a report written before problems were stored as codes is still served, its Russian reasons as they are', async () => {
    const { id } = await makeCampaign(t.ds);
    const res = await importFile(id, 'Фамилия,Имя,Телефон\nИванов,Иван,\n');
    await t.ds.query(`UPDATE import_batch_errors SET problems = NULL, reason = 'Нет ни телефона, ни e-mail' WHERE batch_id = $1`, [res.json.batchId]);
    const report = await operator.request('GET', `/api/v1/leads/import/batches/${res.json.batchId}/errors.csv`, undefined, { 'accept-language': 'en' });
    expect((await report.text()).split('\r\n').slice(1)).toEqual(['2,"Нет ни телефона, ни e-mail",Иванов,Иван,,,,', '']);
  });

  it('the error report quotes both separators and neutralises a formula after either, so no Excel locale runs it', async () => {
    const { id } = await makeCampaign(t.ds);
    const file = `Фамилия,Имя,Телефон,Комментарий\r\n"Promo;=cmd|' /C calc'!A0",Иван,,"a,=1+2"\r\n`;
    const res = await importFile(id, file);
    expect(res.json).toMatchObject({ rows: 1, created: 0, invalid: 1 });
    const report = await operator.get(`/api/v1/leads/import/batches/${res.json.batchId}/errors.csv`);
    expect((await report.text()).split('\r\n')[1]).toBe(`2;"Нет ни телефона, ни e-mail";"Promo;'=cmd|' /C calc'!A0";Иван;;;;"a,'=1+2"`);
  });
});

describe('bad files get a clear 4xx', () => {
  it.each([
    ['empty.csv', 422, 'Файл пуст', 'The file is empty'],
    ['header-only.csv', 422, 'В файле нет строк с данными: только заголовок', 'The file has no data rows: only the header'],
    ['binary.png', 422, 'Это не текстовый файл CSV (похоже на двоичные данные)', 'This is not a CSV text file (it looks like binary data)'],
    ['unbalanced-quotes.csv', 422, 'Строка 2: незакрытая кавычка', 'Line 2: an unclosed quote'],
    [
      'no-columns.csv',
      422,
      'Не удалось распознать колонки: нужны ФИО (или Фамилия и Имя) и Телефон или E-mail. Заголовки файла: «a», «b», «c»',
      'The columns could not be recognised: full name (or last and first name) and phone or e-mail needed. The file\'s headers: «a», «b», «c»',
    ],
  ])('%s → %i', async (name, status, message, english) => {
    const { id } = await makeCampaign(t.ds);
    const res = await importFile(id, fixture(name));
    expect(res.status).toBe(status);
    expect(res.json.error.message).toBe(message);
    const en = await post(operator, `/api/v1/leads/import?campaignId=${id}`, fixture(name), 'text/csv', { 'accept-language': 'en' });
    expect(en.status).toBe(status);
    expect(en.json.error.message).toBe(english);
    expect(await countLeads(id)).toBe(0);
  });

  it('a file over the limit: 413, whether announced by Content-Length or streamed without one', async () => {
    const { id } = await makeCampaign(t.ds);
    const big = 'Фамилия,Имя,Телефон\n' + 'Иванов,Иван,+79123456789\n'.repeat(Math.ceil((LIMIT_MB * 1024 * 1024) / 30) + 1000);
    const declared = await importFile(id, big);
    expect(declared.status).toBe(413);
    expect(declared.json.error).toMatchObject({ code: 'too_large', message: `Файл больше ${LIMIT_MB} МБ` });
    const bytes = Buffer.from(big);
    const streamed = await fetch(`${t.baseUrl}/api/v1/leads/import?campaignId=${id}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', cookie: operator.cookieHeader },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.subarray(i, i + 64 * 1024));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await countLeads(id)).toBe(0);
  });

  it('draft and unknown campaigns are refused; a JSON body is not a file', async () => {
    const draft = await makeCampaign(t.ds, { status: 'draft' });
    const res = await importFile(draft.id, fixture('leads.tsv'));
    expect(res.status).toBe(422);
    expect(res.json.error.details.fields.campaignId).toBe('Кампания ещё не запущена: лиды принимаются только в запущенные кампании');
    expect((await importFile(999999, fixture('leads.tsv'))).json.error.details.fields.campaignId).toBe('Кампания не найдена');
    const { id } = await makeCampaign(t.ds);
    expect((await post(operator, `/api/v1/leads/import?campaignId=${id}`, '{"a":1}', 'application/json')).status).toBe(422);
    expect((await importFile(id, fixture('leads.tsv'), '&duplicates=maybe')).status).toBe(422);
  });
});

describe('who may import', () => {
  it('operators and admins may; marketers and managers get 403; anonymous 401; the panel action follows the same table', async () => {
    const { id } = await makeCampaign(t.ds);
    for (const role of ['marketer', 'manager'] as const) {
      const c = await login(role);
      expect((await importFile(id, fixture('leads.tsv'), '', c)).status).toBe(403);
      expect((await c.post(`/api/v1/leads/import/undo?campaignId=${id}`)).status).toBe(403);
      const action = await c.action('GET', '/resources/leads/actions/import');
      expect(action.json.baseError?.type ?? action.json.notice?.type).toBeTruthy();
      expect(action.json.campaigns).toBeUndefined();
    }
    expect((await post(null, `/api/v1/leads/import?campaignId=${id}`, fixture('leads.tsv'))).status).toBe(401);
    expect((await post(null, `/api/v1/leads/import/preview`, fixture('leads.tsv'))).status).toBe(401);
    expect(await countLeads(id)).toBe(0);

    const admin = await login('admin');
    expect((await importFile(id, fixture('leads.tsv'), '', admin)).status).toBe(201);
    const draft = await makeCampaign(t.ds, { status: 'draft', name: 'Черновик для импорта' });
    const action = await operator.action('GET', '/resources/leads/actions/import');
    const ids = action.json.campaigns.map((c: { id: number }) => c.id);
    expect(ids).toContain(id);
    expect(ids).not.toContain(draft.id);
    expect(action.json.maxBytes).toBe(LIMIT_MB * 1024 * 1024);
  });
});

describe('undo of the last import', () => {
  it('deletes the leads of the last batch; refuses twice, and refuses when a lead has become a customer', async () => {
    const { id } = await makeCampaign(t.ds);
    // "create": these files were imported by other tests already.
    const first = await importFile(id, fixture('leads.tsv'), '&duplicates=create');
    const second = await importFile(id, fixture('english-bom.csv'), '&duplicates=create');
    expect(await countLeads(id)).toBe(4);
    const undo = await operator.post(`/api/v1/leads/import/undo?campaignId=${id}`);
    expect(undo.status).toBe(200);
    expect(await undo.json()).toEqual({ batchId: second.json.batchId, deleted: 2 });
    expect(await countLeads(id)).toBe(2);
    const again = await operator.post(`/api/v1/leads/import/undo?campaignId=${id}`);
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe('Последний импорт в эту кампанию уже отменён');

    const third = await importFile(id, fixture('english-bom.csv'), '&duplicates=create');
    await t.ds.query(`UPDATE leads SET status = 'converted' WHERE import_batch_id = $1 AND email = 'jane@example.com'`, [third.json.batchId]);
    const refused = await operator.post(`/api/v1/leads/import/undo?campaignId=${id}`);
    expect(refused.status).toBe(409);
    expect((await refused.json()).error.message).toBe('Отменить импорт нельзя: лиды из него уже переведены в клиенты (1)');
    expect(await countLeads(id)).toBe(4);
    expect(first.json.batchId).not.toBe(third.json.batchId);
    const none = await operator.post(`/api/v1/leads/import/undo?campaignId=${(await makeCampaign(t.ds)).id}`);
    expect(none.status).toBe(404);
  });
});

/** Many valid, distinct rows (phones +7 912 5xx xx xx from `from`). */
function rowsCsv(from: number, count: number): string {
  let s = '';
  for (let i = from; i < from + count; i++) s += `"Иванов","Иван ${i}","+7912${String(5000000 + i).padStart(7, '0')}","lead${i}@example.com","заметка, с запятой"\n`;
  return s;
}
const HEADER = 'Фамилия,Имя,Телефон,E-mail,Комментарий\n';

/** Starts an upload with a streamed body we control: returns a writer and the response promise. */
function upload(pathAndQuery: string) {
  const url = new URL(t.baseUrl + pathAndQuery);
  const req = http.request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method: 'POST', headers: { 'content-type': 'text/csv', cookie: operator.cookieHeader } });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
  });
  response.catch(() => undefined);
  return { req, response, write: (s: string) => new Promise<void>((r) => (req.write(s) ? r() : req.once('drain', () => r()))) };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const copyBackend = () => t.ds.query(`SELECT pid FROM pg_stat_activity WHERE query LIKE 'COPY import_staging%' AND pid <> pg_backend_pid()`).then((r: { pid: number }[]) => r[0]?.pid);
const importSessions = () => t.ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%import_staging%' AND state <> 'idle' AND pid <> pg_backend_pid()`).then((r: { n: number }[]) => r[0].n);

describe('nothing half-done', () => {
  it('a client that goes away mid-upload leaves no row and no batch', async () => {
    const { id } = await makeCampaign(t.ds);
    const u = upload(`/api/v1/leads/import?campaignId=${id}`);
    await u.write(HEADER + rowsCsv(0, 6000));
    await waitFor('the COPY to start', copyBackend);
    u.req.destroy();
    await waitFor('the import to end', async () => (await importSessions()) === 0);
    await new Promise((r) => setTimeout(r, 200));
    expect(await countLeads(id)).toBe(0);
    expect(await t.ds.query(`SELECT id FROM import_batches WHERE campaign_id = $1`, [id])).toEqual([]);
    // The app is fine afterwards.
    expect((await importFile(id, HEADER + rowsCsv(0, 10))).json.created).toBe(10);
  });

  it('a database connection killed mid-import (pg_terminate_backend) leaves no row; the app keeps working', async () => {
    const { id } = await makeCampaign(t.ds);
    const u = upload(`/api/v1/leads/import?campaignId=${id}`);
    await u.write(HEADER + rowsCsv(100_000, 6000));
    const pid = await waitFor('the COPY to start', copyBackend);
    await t.ds.query(`SELECT pg_terminate_backend($1)`, [pid]);
    await u.write(rowsCsv(106_000, 6000)).catch(() => undefined);
    u.req.end();
    const res = await u.response.catch(() => ({ status: 0, body: '' }));
    expect(res.status === 0 || res.status >= 500).toBe(true);
    expect(await countLeads(id)).toBe(0);
    expect(await t.ds.query(`SELECT id FROM import_batches WHERE campaign_id = $1`, [id])).toEqual([]);
    expect((await importFile(id, HEADER + rowsCsv(100_000, 10))).json.created).toBe(10);
  });
});

describe('two imports at once', () => {
  it('overlapping files into the same and into another campaign: no deadlock, no duplicates between them', async () => {
    const a = await makeCampaign(t.ds);
    const b = await makeCampaign(t.ds);
    // Three uploads of overlapping rows, interleaved so that all three are parsing at the same time.
    const uploads = [
      { u: upload(`/api/v1/leads/import?campaignId=${a.id}`), rows: [200_000, 8000] },
      { u: upload(`/api/v1/leads/import?campaignId=${a.id}`), rows: [204_000, 8000] },
      { u: upload(`/api/v1/leads/import?campaignId=${b.id}`), rows: [206_000, 8000] },
    ] as const;
    for (const { u, rows } of uploads) await u.write(HEADER + rowsCsv(rows[0], rows[1] / 2));
    for (const { u, rows } of uploads) await u.write(rowsCsv(rows[0] + rows[1] / 2, rows[1] / 2));
    for (const { u } of uploads) u.req.end();
    const results = await Promise.all(uploads.map(({ u }) => u.response));
    expect(results.map((r) => r.status)).toEqual([201, 201, 201]);
    const created = results.map((r) => JSON.parse(r.body).created as number);
    // 200,000 … 213,999: 14,000 distinct people, however the three were ordered.
    expect(created.reduce((x, y) => x + y, 0)).toBe(14_000);
    const [{ n, phones }] = await t.ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT phone)::int AS phones FROM leads WHERE campaign_id IN ($1, $2)`,
      [a.id, b.id],
    );
    expect([n, phones]).toEqual([14_000, 14_000]);
  });
});

describe('the phone shortcut', () => {
  it('gives exactly what normalizePhone gives', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rnd() * 10)).join('');
    for (let i = 0; i < 800; i++) {
      const national = digits(10);
      for (const text of [`+7${national}`, `+7 (${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6, 8)}-${national.slice(8)}`, `8${national}`, `8 ${national}`, national, `9${digits(9)}`, `+7${digits(9)}`, `7${national}`]) {
        expect([text, normalizePhoneFast(text)]).toEqual([text, normalizePhone(text)]);
      }
    }
  });
});
