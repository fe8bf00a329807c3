import type { ResourceId } from '../../src/modules/users/permissions.js';
import { RESOURCES } from '../../src/modules/users/permissions.js';
import { exportActions } from '../../src/modules/export/export.admin.js';
import { toExportParams, type ExportMapping } from '../../src/modules/export/export-params.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeCustomer, makeLead, makeService, makeUser } from '../support/factories.js';
import type { Client } from '../support/http.js';
import { loginAs } from '../support/login.js';

/**
 * «Экспорт» exports what the list shows: for every filter a list offers, the export drawer's parameters
 * (toExportParams over the export action's mapping) pick the same rows through GET /api/v1/{resource}/export as the
 * panel's own list does with that filter — a name filter is not widened to the search box, a money range is not read
 * as a date, no filter is left "not applied".
 */

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await startTestApp();
  admin = await loginAs(t, ['admin']);
});
afterAll(async () => {
  await t?.close();
});

const mapping = (resource: ResourceId) => exportActions(resource).export.custom as ExportMapping;

/** The ids the panel's list shows for this query string (every page: the sets here are small). */
async function panelIds(resource: ResourceId, query: string): Promise<string[]> {
  const r = await admin.action('GET', `/resources/${resource}/actions/list?${query}&perPage=100`);
  expect(r.status).toBe(200);
  expect(r.json.meta.total).toBeLessThanOrEqual(100);
  return r.json.records.map((rec: { id: string }) => String(rec.id)).sort();
}

/** The ids in the CSV the drawer's link downloads for the list at this query string, and what it did not apply. */
async function exportedIds(resource: ResourceId, query: string): Promise<{ ids: string[]; skipped: string[] }> {
  const { params, skipped } = toExportParams(query, mapping(resource));
  params.set('format', 'csv');
  const res = await admin.request('GET', `/api/v1/${resource}/export?${params}`);
  const text = await res.text();
  expect({ query, status: res.status }).toEqual({ query, status: 200 });
  const [, ...rows] = text.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);
  return { ids: rows.map((row) => row.split(';')[0]).sort(), skipped };
}

/** The list and the export agree on this query, and it is a real filter: it shows some rows, not all. */
async function expectSameRows(resource: ResourceId, query: string, opts: { some?: boolean } = { some: true }) {
  const shown = await panelIds(resource, query);
  const all = await panelIds(resource, '');
  const { ids, skipped } = await exportedIds(resource, query);
  expect({ query, ids, skipped }).toEqual({ query, ids: shown, skipped: [] });
  if (opts.some !== false) expect({ query, shown: shown.length > 0 }).toEqual({ query, shown: true });
  expect({ query, everything: shown.length === all.length }).toEqual({ query, everything: false });
}

it('every filter of every list has its export parameter', () => {
  for (const resource of RESOURCES) {
    const filters = (t.admin.findResource(resource).decorate().options.filterProperties ?? []) as string[];
    expect(filters.length).toBeGreaterThan(0);
    const m = mapping(resource);
    for (const property of filters) {
      const known = property in m.filters || property in m.ranges || property in (m.amounts ?? {});
      expect([resource, property, known]).toEqual([resource, property, true]);
    }
  }
});

describe('the export takes the rows the list shows', () => {
  let operator: { id: number };
  let manager: { id: number };

  beforeAll(async () => {
    operator = await makeUser(t.ds, ['operator']);
    manager = await makeUser(t.ds, ['manager']);
    const cheap = await makeService(t.ds, { price: '500.00' });
    const dear = await makeService(t.ds, { price: '2500.00' });
    const campaign = await makeCampaign(t.ds, { serviceId: cheap.id, budget: '1000.00' });
    await makeCampaign(t.ds, { serviceId: dear.id, budget: '90000.00', status: 'draft' });
    const kovalev = await makeLead(t.ds, { campaignId: campaign.id, phone: '+79123456789', email: 'kov@example.com' });
    const semenova = await makeLead(t.ds, { campaignId: campaign.id, phone: '+79990001122', email: 'alla@mail.test' });
    await makeLead(t.ds, { campaignId: campaign.id });
    await t.ds.query(`UPDATE leads SET last_name = 'Ковалёв', first_name = 'Пётр', created_by_id = $2 WHERE id = $1`, [kovalev.id, operator.id]);
    await t.ds.query(`UPDATE leads SET last_name = 'Семёнова', first_name = 'Алла', created_at = '2026-01-05T12:00:00Z' WHERE id = $1`, [semenova.id]);

    const first = await makeCustomer(t.ds, { amount: '1200.00' });
    await makeCustomer(t.ds, { amount: '8000.00' });
    await t.ds.query(`UPDATE customers SET display_name = 'Ромашка ООО', assignee_id = $2, converted_by_id = $2 WHERE id = $1`, [first.id, manager.id]);
    await t.ds.query(`UPDATE contracts SET starts_on = '2026-03-01', ends_on = '2026-06-30' WHERE id = $1`, [first.contractId]);
  });

  it('leads: the name, phone and e-mail filters each look at their own field, as the list does', async () => {
    // «912» is in a phone, not in any name: the name filter finds nothing (the search box would find the phone).
    await expectSameRows('leads', 'filters.fullName=912', { some: false });
    await expectSameRows('leads', `filters.fullName=${encodeURIComponent('алла семенова')}`);
    await expectSameRows('leads', `filters.fullName=${encodeURIComponent('Ковалев')}`);
    await expectSameRows('leads', `filters.phone=${encodeURIComponent('8 (912) 345-67-89')}`);
    await expectSameRows('leads', `filters.phone=${encodeURIComponent('345-67-89')}`);
    await expectSameRows('leads', 'filters.email=mail.test');
    await expectSameRows('leads', `filters.createdById=${operator.id}`);
    await expectSameRows('leads', 'filters.createdAt~~to=2026-01-31');
    await expectSameRows('leads', `filters.search=${encodeURIComponent('семенова')}`);
  });

  it('money ranges are amounts, periods are days', async () => {
    await expectSameRows('services', 'filters.price~~from=1000');
    await expectSameRows('services', 'filters.price~~from=100&filters.price~~to=600');
    await expectSameRows('campaigns', 'filters.budget~~to=5000');
    await expectSameRows('campaigns', 'filters.launchedAt~~from=2026-01-01');
    await expectSameRows('contracts', `filters.amount~~from=${encodeURIComponent('1000,50')}&filters.amount~~to=2000`);
    await expectSameRows('contracts', 'filters.startsOn~~from=2026-02-01');
    await expectSameRows('contracts', 'filters.endsOn~~to=2026-07-01');
  });

  it('customers and users: each of the list\'s filters', async () => {
    await expectSameRows('customers', `filters.displayName=${encodeURIComponent('ромашка')}`);
    await expectSameRows('customers', `filters.assigneeId=${manager.id}`);
    await expectSameRows('customers', 'filters.assigneeId=none');
    await expectSameRows('customers', `filters.convertedById=${manager.id}`);
    await expectSameRows('users', 'filters.roles=operator');
    // «example» is in the users' e-mails, in no name (the search box would find every user)
    await expectSameRows('users', 'filters.fullName=example', { some: false });
    await expectSameRows('users', `filters.fullName=${encodeURIComponent('manager')}`);
    await expectSameRows('users', 'filters.email=manager');
  });
});

it('a download from the panel speaks the panel\'s language, whatever the browser\'s; a link\'s `lang` names another', async () => {
  const header = async (path: string, headers: Record<string, string> = {}) =>
    (await (await admin.request('GET', `/api/v1${path}`, undefined, headers)).text()).replace(/^\uFEFF/, '').split('\r\n')[0];
  admin.setCookie('i18next', 'en');
  try {
    expect(await header('/services/export?format=csv', { 'accept-language': 'ru' })).toBe('ID,Name,Price,Created,Updated');
    expect(await header('/services/export?format=csv&lang=ru', { 'accept-language': 'en' })).toBe('ID;Название;Цена;Создано;Изменено');
  } finally {
    admin.setCookie('i18next', 'ru');
  }
  expect(await header('/services/export?format=csv', { 'accept-language': 'en' })).toBe('ID;Название;Цена;Создано;Изменено');
});

it('a money bound that is not an amount, or a period bound that is not a day, is refused (422) naming it', async () => {
  for (const [path, field] of [['/services?priceFrom=abc', 'priceFrom'], ['/contracts/export?amountTo=1.234', 'amountTo'], ['/campaigns?launchedFrom=2026-13-01x', 'launchedFrom']]) {
    const res = await admin.request('GET', `/api/v1${path}`);
    const body = await res.json();
    expect([path, res.status, Object.keys(body.error.details.fields)]).toEqual([path, 422, [field]]);
  }
});
