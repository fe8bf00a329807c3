import http from 'node:http';
import ExcelJS from 'exceljs';
import type pg from 'pg';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';
import { RESOURCES, can } from '../../src/modules/users/permissions.js';
import type { Role } from '../../src/modules/users/roles.js';
import { MAX_EXPORTS_AT_ONCE, openExport } from '../../src/modules/export/export.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeCustomer, makeLead, makeUser } from '../support/factories.js';
import { ApiClient, isErrorBody } from './helpers.js';

/**
 * GET /api/v1/{resource}/export: who may (the list's permission), what comes out (the list's rows in its order, the
 * list's columns with related names, typed .xlsx cells, the product's CSV), what is refused, and that a client
 * leaving mid-way gives the database connection back.
 */

let t: TestApp;
const clients: Record<Role, ApiClient> = {} as never;
let admin: ApiClient;

beforeAll(async () => {
  t = await startTestApp();
  for (const role of ['admin', 'operator', 'marketer', 'manager'] as Role[]) {
    const u = await makeUser(t.ds, [role]);
    clients[role] = await ApiClient.login(t.baseUrl, u.email, u.password);
  }
  admin = clients.admin;
});
afterAll(async () => {
  await t?.close();
});

/** The response's bytes, status and headers. */
async function download(client: ApiClient, path: string, headers: Record<string, string> = {}) {
  const res = await client.http.request('GET', `/api/v1${path}`, undefined, headers);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, headers: res.headers, bytes, text: bytes.toString('utf8') };
}

/** CSV as RFC 4180 reads it (quotes, doubled quotes, CRLF), after the BOM. */
function parseCsv(text: string, delimiter: string): string[][] {
  expect(text.startsWith('\uFEFF')).toBe(true);
  const s = text.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') field += s[++i];
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\r' && s[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field).toBe('');
  return rows;
}

async function readXlsx(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as never);
  return wb.worksheets[0];
}

/** Every id of a list, page after page, in its order. */
async function listIds(path: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const r = await admin.get(`${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(r.status).toBe(200);
    ids.push(...r.json.items.map((i: { id: number | string }) => String(i.id)));
    cursor = r.json.nextCursor;
  } while (cursor);
  return ids;
}

describe('permissions: exporting is listing', () => {
  it('each role gets exactly the lists it may list, the others 403 with the error body', async () => {
    await makeCustomer(t.ds);
    for (const role of ['admin', 'operator', 'marketer', 'manager'] as Role[]) {
      for (const resource of RESOURCES) {
        const r = await download(clients[role], `/${resource}/export?format=csv`);
        const allowed = can({ roles: [role] }, resource, 'list');
        expect([role, resource, r.status]).toEqual([role, resource, allowed ? 200 : 403]);
        if (!allowed) expect(isErrorBody(JSON.parse(r.text))).toBe(true);
      }
    }
    // The cases the issue names.
    expect((await download(clients.marketer, '/contracts/export')).status).toBe(403);
    expect((await download(clients.operator, '/customers/export')).status).toBe(403);
    expect((await download(new ApiClient(t.baseUrl), '/leads/export')).status).toBe(401);
  });

  it('users: no password or token hash in the file', async () => {
    const r = await download(admin, '/users/export?format=csv');
    const [header, ...rows] = parseCsv(r.text, ';');
    expect(header).toEqual(['ID', 'E-mail', 'ФИО', 'Роли', 'Активен', 'Создано']);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(r.text).not.toMatch(/\$2[aby]\$/);
  });
});

describe('what comes out', () => {
  let campaignA: { id: number; serviceId: number };
  let formulaLeadId: string;
  const FORMULA = '=HYPERLINK("http://evil.example","Нажми")';

  beforeAll(async () => {
    campaignA = await makeCampaign(t.ds, { name: 'Весна; «Промо»' });
    const other = await makeCampaign(t.ds);
    for (let i = 0; i < 130; i++) await makeLead(t.ds, { campaignId: i % 3 === 0 ? other.id : campaignA.id });
    // Surnames that sort differently from ids.
    await t.ds.query(`UPDATE leads SET last_name = chr(1040 + (id * 7 % 32)::int) || 'ов' WHERE campaign_id = $1`, [campaignA.id]);
    formulaLeadId = (await makeLead(t.ds, { campaignId: campaignA.id, email: '+cmd@example.com' })).id;
    await t.ds.query(`UPDATE leads SET last_name = $1, first_name = '-2+3', middle_name = '@SUM(A1)' WHERE id = $2`, [FORMULA, formulaLeadId]);
  });

  it('the export holds the list\'s rows in the list\'s order (filters and sort), in both formats', async () => {
    for (const query of [`campaignId=${campaignA.id}&sort=lastName`, `campaignId=${campaignA.id}&sort=-createdAt`, 'status=new&sort=id', `search=${encodeURIComponent('ов')}&serviceId=${campaignA.serviceId}`]) {
      const expected = await listIds(`/leads?${query}`);
      expect(expected.length).toBeGreaterThan(50);
      const csv = await download(admin, `/leads/export?format=csv&${query}`);
      expect(csv.status).toBe(200);
      const [, ...rows] = parseCsv(csv.text, ';');
      expect(rows.map((r) => r[0])).toEqual(expected);
      const xlsx = await download(admin, `/leads/export?format=xlsx&${query}`);
      const sheet = await readXlsx(xlsx.bytes);
      const ids: string[] = [];
      sheet.eachRow((row, n) => n > 1 && ids.push(String(row.getCell(1).value)));
      expect(ids).toEqual(expected);
    }
  });

  it('CSV: BOM, `;` with decimal commas by default in Russian, `,` with points in English or when asked, the list\'s columns with related names, file name', async () => {
    await makeCustomer(t.ds, { amount: '1234.50' });
    const semi = await download(admin, `/contracts/export?format=csv`);
    expect(semi.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(semi.headers.get('content-disposition')).toMatch(/^attachment; filename="?contracts_\d{4}-\d{2}-\d{2}\.csv"?$/);
    const [header, ...rows] = parseCsv(semi.text, ';');
    expect(header).toEqual(['ID', 'Название', 'ID клиента', 'Клиент', 'ID услуги', 'Услуга', 'Сумма', 'Дата подписания', 'Дата начала', 'Дата окончания']);
    const row = rows.find((r) => r[6] === '1234,5')!;
    expect(row).toBeDefined();
    expect(row[3]).toBe('Иванов Иван');
    expect(row[5]).toMatch(/^Услуга /);
    expect(row.slice(7)).toEqual(['2026-01-10', '2026-01-15', '2026-12-31']);
    const comma = await download(admin, `/contracts/export?format=csv&delimiter=,`, { 'accept-language': 'en' });
    const [enHeader, ...enRows] = parseCsv(comma.text, ',');
    expect(enHeader.slice(0, 4)).toEqual(['ID', 'Name', 'Customer ID', 'Customer']);
    expect(enRows.some((r) => r[6] === '1234.5')).toBe(true);
    // no delimiter asked: the reader's language decides (English: `,` and points; Russian: `;` and commas, above)
    const english = await download(admin, `/contracts/export?format=csv`, { 'accept-language': 'en' });
    expect(english.text.split('\r\n')[0]).toBe('\uFEFFID,Name,Customer ID,Customer,Service ID,Service,Amount,Signed on,Starts on,Ends on');
    expect(parseCsv(english.text, ',').some((r) => r[6] === '1234.5')).toBe(true);
    // a link names its language (`lang`), over Accept-Language
    const asked = await download(admin, `/contracts/export?format=csv&lang=en`, { 'accept-language': 'ru' });
    expect(asked.text.split('\r\n')[0]).toBe('\uFEFFID,Name,Customer ID,Customer,Service ID,Service,Amount,Signed on,Starts on,Ends on');

    const leads = await download(admin, `/leads/export?format=csv&campaignId=${campaignA.id}`);
    expect(leads.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="?leads_campaign-${campaignA.id}_\\d{4}-\\d{2}-\\d{2}\\.csv"?$`));
    const [leadHeader, first] = parseCsv(leads.text, ';');
    expect(leadHeader).toEqual(['ID', 'ФИО', 'Телефон', 'E-mail', 'ID кампании', 'Рекламная кампания', 'Статус', 'Ответственный', 'Создал', 'Создано']);
    expect(first[5]).toBe('Весна; «Промо»');
    expect(first[6]).toBe('Новый');
    expect(first[9]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);

    const customers = await download(admin, `/customers/export?format=csv`);
    const [customerHeader, customer] = parseCsv(customers.text, ';');
    expect(customerHeader[5]).toBe('Объём продаж');
    expect(customer[5]).toMatch(/^\d+(,\d+)?$/);
  });

  it('formula-looking text is neutralised in CSV and a text cell in .xlsx', async () => {
    const csv = await download(admin, `/leads/export?format=csv&campaignId=${campaignA.id}`);
    const row = parseCsv(csv.text, ';').find((r) => r[0] === formulaLeadId)!;
    expect(row[1]).toBe(`'${FORMULA} -2+3 @SUM(A1)`);
    expect(row[3]).toBe("'+cmd@example.com");
    // Neither separator lets a field start with a formula character.
    for (const line of csv.text.split('\r\n')) for (const cell of line.split(/[;,]/)) expect(cell.replace(/^[\s"]+/, '')).not.toMatch(/^[=+\-@]/);

    const xlsx = await download(admin, `/leads/export?format=xlsx&campaignId=${campaignA.id}`);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="?leads_campaign-${campaignA.id}_\\d{4}-\\d{2}-\\d{2}\\.xlsx"?$`));
    const sheet = await readXlsx(xlsx.bytes);
    let found = false;
    sheet.eachRow((r, n) => {
      if (n === 1 || String(r.getCell(1).value) !== formulaLeadId) return;
      found = true;
      expect(r.getCell(2).type).toBe(ExcelJS.ValueType.String);
      expect(r.getCell(2).value).toBe(`${FORMULA} -2+3 @SUM(A1)`);
      expect(r.getCell(4).type).toBe(ExcelJS.ValueType.String);
      expect(r.getCell(4).value).toBe('+cmd@example.com');
    });
    expect(found).toBe(true);
    // No cell anywhere is a formula.
    sheet.eachRow((r) => r.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  it('.xlsx: typed cells, bold frozen header, widths', async () => {
    const c = await makeCustomer(t.ds, { amount: '98765.43' });
    const xlsx = await download(admin, `/contracts/export?format=xlsx&customerId=${c.id}`);
    expect(xlsx.headers.get('content-disposition')).toMatch(new RegExp(`filename="?contracts_customer-${c.id}_`));
    const sheet = await readXlsx(xlsx.bytes);
    expect(sheet.rowCount).toBe(2);
    const header = sheet.getRow(1);
    expect(header.getCell(1).value).toBe('ID');
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const row = sheet.getRow(2);
    expect(row.getCell(1).type).toBe(ExcelJS.ValueType.Number);
    expect(row.getCell(1).value).toBe(c.contractId);
    expect(row.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(7).type).toBe(ExcelJS.ValueType.Number);
    expect(row.getCell(7).value).toBe(98765.43);
    expect(row.getCell(7).numFmt).toBe('#,##0.00');
    expect(row.getCell(8).type).toBe(ExcelJS.ValueType.Date);
    expect((row.getCell(8).value as Date).toISOString()).toBe('2026-01-10T00:00:00.000Z');
    expect(sheet.getColumn(4).width).toBeGreaterThanOrEqual(20);

    const leads = await readXlsx((await download(admin, `/leads/export?format=xlsx&campaignId=${campaignA.id}`)).bytes);
    const created = leads.getRow(2).getCell(10);
    expect(created.type).toBe(ExcelJS.ValueType.Date);
    expect(created.numFmt).toBe('dd.mm.yyyy hh:mm:ss');
  });

  it('selected rows only (ids), still within the filters', async () => {
    const all = await listIds(`/leads?campaignId=${campaignA.id}`);
    const picked = [all[3], all[0], all[10]];
    const r = await download(admin, `/leads/export?format=csv&ids=${picked.join(',')}`);
    expect(r.headers.get('content-disposition')).toMatch(/filename="?leads_selected_/);
    const [, ...rows] = parseCsv(r.text, ';');
    expect(rows.map((x) => x[0])).toEqual(all.filter((id) => picked.includes(id)));
    const other = await makeCampaign(t.ds);
    const none = await download(admin, `/leads/export?format=csv&campaignId=${other.id}&ids=${picked.join(',')}`);
    expect(parseCsv(none.text, ';')).toHaveLength(1);
  });

  it('an empty result is a valid file with only the header', async () => {
    const empty = await makeCampaign(t.ds);
    const csv = await download(admin, `/leads/export?format=csv&campaignId=${empty.id}`);
    expect(csv.status).toBe(200);
    expect(parseCsv(csv.text, ';')).toEqual([['ID', 'ФИО', 'Телефон', 'E-mail', 'ID кампании', 'Рекламная кампания', 'Статус', 'Ответственный', 'Создал', 'Создано']]);
    const xlsx = await download(admin, `/leads/export?format=xlsx&campaignId=${empty.id}`);
    const sheet = await readXlsx(xlsx.bytes);
    expect(sheet.rowCount).toBe(1);
    expect(sheet.getRow(1).getCell(2).value).toBe('ФИО');
  });
});

describe('bad input', () => {
  it('a bad format, delimiter, filter, sort or ids is a 4xx with the error body, naming the parameter', async () => {
    const cases: [string, number, string][] = [
      ['/leads/export?format=pdf', 422, 'format'],
      ['/leads/export?format=csv&delimiter=%7C', 422, 'delimiter'],
      ['/leads/export?color=red', 400, 'color'],
      ['/leads/export?limit=10', 400, 'limit'],
      ['/leads/export?status=nope', 422, 'status'],
      ['/leads/export?sort=phone', 422, 'sort'],
      ['/leads/export?createdFrom=yesterday', 422, 'createdFrom'],
      ['/leads/export?campaignId=abc', 422, 'campaignId'],
      ['/leads/export?ids=1,x', 422, 'ids'],
      [`/leads/export?ids=${Array.from({ length: 1001 }, (_, i) => i + 1).join(',')}`, 422, 'ids'],
      ['/contracts/export?signedTo=yesterday', 422, 'signedTo'],
    ];
    for (const [path, status, field] of cases) {
      const r = await admin.get(path, { 'accept-language': 'en' });
      expect([path, r.status]).toEqual([path, status]);
      expect(isErrorBody(r.json)).toBe(true);
      expect([path, Object.keys(r.json.error.details?.fields ?? {})]).toEqual([path, expect.arrayContaining([field])]);
    }
  });

  it('/leads/export is the export, not the lead with id "export"', async () => {
    const r = await download(admin, '/leads/export?format=csv');
    expect(r.status).toBe(200);
    expect((await admin.get('/leads/export/1')).status).toBe(404);
  });
});

describe('streaming', () => {
  const pool = () => (t.ds.driver as PostgresDriver).master as pg.Pool;
  /** Connections of the app's pool handed out and not yet given back. */
  const busy = () => pool().totalCount - pool().idleCount;
  /** The export gives its connection back once the response is out (its COMMIT follows the last byte). */
  const released = async () => {
    while (busy() !== 0) await new Promise((r) => setTimeout(r, 20));
  };

  it(`at most ${MAX_EXPORTS_AT_ONCE} exports hold a connection at once: the next is 429 with the reason, and is served once one ends`, async () => {
    const actor = { id: 1, email: 'admin@example.com', roles: ['admin' as Role] };
    const opened = [];
    for (let i = 0; i < MAX_EXPORTS_AT_ONCE; i++) opened.push(await openExport(actor, 'services', {}, { format: 'csv', language: 'ru' }));
    expect(busy()).toBe(MAX_EXPORTS_AT_ONCE);
    const refused = await download(admin, '/services/export?format=csv', { 'accept-language': 'ru' });
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.text).error.message).toMatch(/слишком много выгрузок/);
    opened.pop()!.cancel();
    while (busy() > MAX_EXPORTS_AT_ONCE - 1) await new Promise((r) => setTimeout(r, 20));
    expect((await download(admin, '/services/export?format=csv')).status).toBe(200);
    for (const o of opened) o.cancel();
    await released();
  });

  it('a client that leaves mid-download stops the query and gives the connection back', async () => {
    const campaign = await makeCampaign(t.ds);
    await t.ds.query(
      `INSERT INTO leads (last_name, first_name, email, campaign_id)
       SELECT 'Потоков', 'Лид' || g, 'stream' || g || '@example.com', $1 FROM generate_series(1, 60000) g`,
      [campaign.id],
    );
    const u = await makeUser(t.ds, ['manager']);
    const issued = await admin.post(`/users/${u.id}/tokens`, { name: 'export' });
    expect(busy()).toBe(0);
    const req = http.get(`${t.baseUrl}/api/v1/leads/export?format=csv&campaignId=${campaign.id}`, { headers: { authorization: `Bearer ${issued.json.secret}` } });
    const res = await new Promise<http.IncomingMessage>((resolve) => req.on('response', resolve));
    expect(res.statusCode).toBe(200);
    // Read one chunk, then stop reading: the server must wait for us, holding its cursor.
    await new Promise((resolve) => res.once('data', resolve));
    res.pause();
    const [{ n: during }] = await t.ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND xact_start IS NOT NULL AND query LIKE '%"leads"%' AND pid <> pg_backend_pid()`);
    expect(during).toBe(1);
    expect(busy()).toBe(1);
    req.on('error', () => {});
    req.destroy();
    // Then nothing of the export is left: the connection is back (or closed) and no backend keeps its transaction.
    for (;;) {
      const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND xact_start IS NOT NULL AND query LIKE '%"leads"%' AND pid <> pg_backend_pid()`);
      if (busy() === 0 && n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // And the app goes on exporting.
    const again = await download(admin, `/leads/export?format=csv&campaignId=${campaign.id}`);
    expect(parseCsv(again.text, ';')).toHaveLength(60_001);
    await released();

    // One snapshot: leads written while the export is under way are not in it.
    const meanwhile = http.get(`${t.baseUrl}/api/v1/leads/export?format=csv&campaignId=${campaign.id}`, { headers: { authorization: `Bearer ${issued.json.secret}` } });
    const slow = await new Promise<http.IncomingMessage>((resolve) => meanwhile.on('response', resolve));
    const chunks: Buffer[] = [];
    await new Promise((resolve) => slow.once('data', (c: Buffer) => resolve(chunks.push(c))));
    slow.pause();
    await t.ds.query(
      `INSERT INTO leads (last_name, first_name, email, campaign_id) SELECT 'Поздний', 'Лид' || g, 'late' || g || '@example.com', $1 FROM generate_series(1, 500) g`,
      [campaign.id],
    );
    slow.on('data', (c: Buffer) => chunks.push(c));
    slow.resume();
    await new Promise((resolve) => slow.on('end', resolve));
    const text = Buffer.concat(chunks).toString('utf8');
    expect(parseCsv(text, ';')).toHaveLength(60_001);
    expect(text).not.toContain('Поздний');
    await released();
  });
});
