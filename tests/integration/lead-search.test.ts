import { fold } from '../../src/shared/fold.js';
import { ApiClient } from '../api/helpers.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';

/**
 * Finding a lead as people type it, in every place that searches leads: the panel's quick search, its name and phone
 * filters, the customers list (through their lead), the REST API's `search` and the export. Names: ё read as е both
 * ways, any case, the words in any order. Phones: any notation, a fragment with separators.
 */

let t: TestApp;
let panel: Client;
let api: ApiClient;
let campaignId: number;
const lead = { kovalev: '', semenova: '', fedorov: '', other: '' };
let customerId = 0;

beforeAll(async () => {
  t = await startTestApp();
  const admin = await makeUser(t.ds, ['admin']);
  panel = new Client(t.baseUrl);
  expect((await panel.login(admin.email, admin.password)).status).toBe(302);
  api = await ApiClient.login(t.baseUrl, admin.email, admin.password);
  campaignId = (await makeCampaign(t.ds)).id;
  const add = async (last: string, first: string, middle: string | null, phone: string | null, email: string | null, status = 'new') => {
    const [row] = await t.ds.query(
      `INSERT INTO leads (last_name, first_name, middle_name, phone, email, campaign_id, status) VALUES ($1, $2, $3, $4, $5, $6, $7::lead_status) RETURNING id::text AS id`,
      [last, first, middle, phone, email, campaignId, status],
    );
    return row.id as string;
  };
  lead.kovalev = await add('Ковалёв', 'Пётр', null, '+79123456789', null);
  lead.semenova = await add('Семёнова', 'Алла', 'Петровна', null, 'alla@example.com', 'converted');
  lead.fedorov = await add('Федоров', 'Иван', null, '+79035550011', null);
  lead.other = await add('Аллаев', 'Семён', null, '+79261112233', 'other@example.com');
  [{ id: customerId }] = await t.ds.query(`INSERT INTO customers (display_name, lead_id) VALUES ('Семёнова Алла', $1) RETURNING id`, [lead.semenova]);
});
afterAll(async () => {
  await t?.close();
});

/** The ids the panel's leads list shows for a query string (within this file's campaign). */
async function panelIds(query: Record<string, string>): Promise<string[]> {
  const qs = new URLSearchParams({ ...query, 'filters.campaignId': String(campaignId), perPage: '50' });
  const r = await panel.action('GET', `/resources/leads/actions/list?${qs}`);
  expect(r.status).toBe(200);
  return r.json.records.map((x: any) => String(x.params.id)).sort();
}

/** The ids the REST API's leads list gives for `search`. */
async function apiIds(search: string): Promise<string[]> {
  const r = await api.get(`/leads?campaignId=${campaignId}&limit=100&search=${encodeURIComponent(search)}`);
  expect(r.status).toBe(200);
  return r.json.items.map((x: any) => String(x.id)).sort();
}

/** The ids in the CSV export of the leads list for `search` (first column: the id). */
async function exportIds(search: string): Promise<string[]> {
  const res = await api.http.request('GET', `/api/v1/leads/export?format=csv&delimiter=;&campaignId=${campaignId}&search=${encodeURIComponent(search)}`);
  expect(res.status).toBe(200);
  const lines = (await res.text()).replace(/^\uFEFF/, '').split('\r\n').filter(Boolean).slice(1);
  return lines.map((l) => l.split(';')[0]).sort();
}

const NAME_CASES: Array<[string, Array<keyof typeof lead>]> = [
  ['Ковалев', ['kovalev']], // ё typed as е
  ['ковалёв', ['kovalev']],
  ['КОВАЛЁВ', ['kovalev']],
  ['семенова', ['semenova']],
  ['СЕМЁНОВА', ['semenova']],
  ['Фёдоров', ['fedorov']], // ё typed where the name has е
  ['Алла Семёнова', ['semenova']], // the words in any order
  ['семенова   алла', ['semenova']],
  ['Петровна алла СЕМЕНОВА', ['semenova']],
  ['Алла Ковалёв', []], // every word must match
  ['Семён', ['semenova', 'other']], // «Семён» is part of «Семёнова», and the first name of Аллаев
];
const PHONE_CASES: Array<[string, Array<keyof typeof lead>]> = [
  ['8 (912) 345-67-89', ['kovalev']],
  ['89123456789', ['kovalev']],
  ['345-67-89', ['kovalev']],
  ['+79123456789', ['kovalev']],
  ['912', ['kovalev']],
];
const ids = (keys: Array<keyof typeof lead>) => keys.map((k) => lead[k]).sort();

describe('name search: ё as е, any case, the words in any order', () => {
  it.each(NAME_CASES)('the panel quick search «%s»', async (typed, expected) => {
    expect(await panelIds({ 'filters.search': typed })).toEqual(ids(expected));
  });
  it.each(NAME_CASES)('the panel name filter «%s»', async (typed, expected) => {
    expect(await panelIds({ 'filters.fullName': typed })).toEqual(ids(expected));
  });
  it.each(NAME_CASES)('the REST API search «%s»', async (typed, expected) => {
    expect(await apiIds(typed)).toEqual(ids(expected));
  });
  it('the export takes the same search', async () => {
    expect(await exportIds('Алла Семенова')).toEqual(ids(['semenova']));
    expect(await exportIds('ковалев')).toEqual(ids(['kovalev']));
  });
  it('the customers list finds a customer by its lead the same way, in the panel and the API', async () => {
    for (const typed of ['алла семенова', 'Семенова', 'СЕМЁНОВА Алла']) {
      const r = await panel.action('GET', `/resources/customers/actions/list?${new URLSearchParams({ 'filters.search': typed, perPage: '50' })}`);
      expect(r.json.records.map((x: any) => Number(x.params.id))).toContain(customerId);
      const a = await api.get(`/customers?limit=100&search=${encodeURIComponent(typed)}`);
      expect(a.json.items.map((x: any) => x.id)).toContain(customerId);
    }
  });
  it('a customer\'s own name is found the same way (ё as е, any order): the list\'s «Имя» filter, its search box, the API', async () => {
    const [{ id: renamed }] = await t.ds.query(
      `INSERT INTO customers (display_name, lead_id) VALUES ('ООО «Ёлочка» Фёдорова', $1) RETURNING id`,
      [lead.kovalev],
    );
    try {
      for (const typed of ['елочка', 'федорова ооо', 'ЁЛОЧКА']) {
        for (const filter of ['filters.displayName', 'filters.search']) {
          const r = await panel.action('GET', `/resources/customers/actions/list?${new URLSearchParams({ [filter]: typed, perPage: '50' })}`);
          expect([typed, filter, r.json.records.map((x: any) => Number(x.params.id))]).toEqual([typed, filter, [renamed]]);
        }
        for (const param of ['name', 'search']) {
          const a = await api.get(`/customers?limit=100&${param}=${encodeURIComponent(typed)}`);
          expect([typed, param, a.json.items.map((x: any) => x.id)]).toEqual([typed, param, [renamed]]);
        }
      }
      const [row] = await t.ds.query(`SELECT display_name, search_name FROM customers WHERE id = $1`, [renamed]);
      expect(row.search_name).toBe(fold(row.display_name));
    } finally {
      await t.ds.query(`DELETE FROM customers WHERE id = $1`, [renamed]);
    }
  });
  it('the folded name the database keeps is the one fold() makes of the typed text', async () => {
    const rows: Array<{ full_name: string; search_name: string }> = await t.ds.query(`SELECT full_name, search_name FROM leads WHERE campaign_id = $1`, [campaignId]);
    expect(rows.length).toBe(4);
    for (const r of rows) expect(r.search_name).toBe(fold(r.full_name));
    expect(fold('Ёлкина ЁЖИКОВА Алёна')).toBe('елкина ежикова алена');
  });
});

describe('phone search: any notation, a fragment with separators', () => {
  it.each(PHONE_CASES)('the panel quick search «%s»', async (typed, expected) => {
    expect(await panelIds({ 'filters.search': typed })).toEqual(ids(expected));
  });
  it.each(PHONE_CASES)('the panel phone filter «%s»', async (typed, expected) => {
    expect(await panelIds({ 'filters.phone': typed })).toEqual(ids(expected));
  });
  it.each(PHONE_CASES)('the REST API search «%s»', async (typed, expected) => {
    expect(await apiIds(typed)).toEqual(ids(expected));
  });
  it('the export takes the same search', async () => {
    expect(await exportIds('8 (912) 345-67-89')).toEqual(ids(['kovalev']));
  });
});

describe('search and filters together', () => {
  it('the quick search, the name filter and the phone filter apply at once, each with its own parameters', async () => {
    expect(await panelIds({ 'filters.search': 'Пётр', 'filters.fullName': 'ковалев', 'filters.phone': '345-67-89' })).toEqual(ids(['kovalev']));
    expect(await panelIds({ 'filters.search': 'Ковалёв', 'filters.fullName': 'семенова' })).toEqual([]);
    expect(await panelIds({ 'filters.search': 'Пётр', 'filters.fullName': 'семенова' })).toEqual(ids(['semenova'])); // «Пётр» is in «Петровна»
  });
});
