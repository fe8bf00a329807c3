/**
 * The panel's refusals as the server words them (src/admin/refusals.ts): a refused page or panel API action names
 * who may open it, in the panel's language; a missing record is «Запись не найдена»; nothing carries AdminJS's raw
 * `{{…}}` or its English. The refusals stay refusals: no data, 403/404 on the pages. And a record created through
 * the panel is answered with the way to its card.
 */
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCustomer, makeService, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';

let t: TestApp;
let customerId: number;
let leadId: string;

async function as(role: 'admin' | 'operator' | 'marketer' | 'manager', language?: 'en'): Promise<Client> {
  const user = await makeUser(t.ds, [role]);
  const c = new Client(t.baseUrl);
  expect((await c.login(user.email, user.password)).status).toBe(302);
  if (language) c.setCookie('i18next', language);
  return c;
}

beforeAll(async () => {
  t = await startTestApp();
  ({ id: customerId, leadId } = await makeCustomer(t.ds));
});
afterAll(() => t?.close());

it('every refused panel action says who may run it, from the permission table, in both languages', async () => {
  const operator = await as('operator');
  const operatorEn = await as('operator', 'en');
  const marketer = await as('marketer');
  const cases: Array<[Client, string, string]> = [
    [operator, '/resources/contracts/actions/list', 'Раздел «Контракты» доступен менеджерам и администраторам'],
    [operator, `/resources/customers/records/${customerId}/show`, 'Раздел «Клиенты» доступен менеджерам и администраторам'],
    [operator, '/resources/users/actions/list', 'Раздел «Пользователи» доступен администраторам'],
    [marketer, '/resources/leads/actions/new', 'Действие «Создать» в разделе «Лиды» доступно операторам и администраторам'],
    [operatorEn, '/resources/contracts/actions/list', 'The “Contracts” section is open to managers and administrators'],
    [operatorEn, `/resources/customers/records/${customerId}/show`, 'The “Customers” section is open to managers and administrators'],
    // the bulk actions of ticked rows
    [operator, `/resources/leads/bulk/bulkAssign?recordIds=${leadId}`, 'Действие «Назначить» в разделе «Лиды» доступно менеджерам и администраторам'],
    [marketer, `/resources/leads/bulk/bulkDelete?recordIds=${leadId}`, 'Действие «Удалить выбранные» в разделе «Лиды» доступно операторам и администраторам'],
    [operatorEn, `/resources/leads/bulk/bulkUnassign?recordIds=${leadId}`, '“Unassign” in “Leads” is open to managers and administrators'],
  ];
  for (const [client, path, sentence] of cases) {
    const { status, json } = await client.action('GET', path);
    expect({ path, status, type: json.record?.baseError?.type, notice: json.notice, records: json.records, params: json.record?.params ?? {} }).toEqual({
      path, status: 200, type: 'ForbiddenError', notice: { message: sentence, type: 'error' }, records: [], params: {},
    });
  }
  // a POST is refused before its body is read (403), in the same words
  const posted = await operator.action('POST', `/resources/customers/records/${customerId}/show`);
  expect(posted).toEqual({ status: 403, json: { error: { code: 'forbidden', message: 'Раздел «Клиенты» доступен менеджерам и администраторам', details: null } } });
  const postedEn = await operatorEn.action('POST', '/resources/contracts/actions/new', { name: 'x' });
  expect(postedEn.json.error.message).toBe('“Create new” in “Contracts” is open to managers and administrators');
  // customers are made by conversion only: nobody creates one in the form
  const admin = await as('admin');
  const none = await admin.action('GET', '/resources/customers/actions/new');
  expect(none.json.notice?.message ?? 'allowed').toBe('Действие «Создать» в разделе «Клиенты» недоступно');
});

it('a missing record, or an id that cannot be one, is «Запись не найдена» (English: «Record not found»)', async () => {
  const manager = await as('manager');
  for (const id of ['987654', 'abc', '1e5']) {
    const { json } = await manager.action('GET', `/resources/leads/records/${id}/show`);
    expect({ id, type: json.record.baseError.type, notice: json.notice }).toEqual({ id, type: 'NotFoundError', notice: { message: 'Запись не найдена', type: 'error' } });
  }
  const english = await as('manager', 'en');
  expect((await english.action('GET', '/resources/contracts/records/987654/edit')).json.notice).toEqual({ message: 'Record not found', type: 'error' });
});

it('the pages answer a refusal with 403 and a missing record with 404; what the role may open is 200', async () => {
  const operator = await as('operator');
  const manager = await as('manager');
  const status = async (c: Client, path: string) => (await c.get(`/admin${path}`)).status;
  expect(await status(operator, '/resources/contracts')).toBe(403);
  expect(await status(operator, '/resources/contracts/actions/new')).toBe(403);
  expect(await status(operator, `/resources/customers/records/${customerId}/show`)).toBe(403);
  expect(await status(operator, '/resources/leads/records/987654/show')).toBe(404);
  expect(await status(operator, '/resources/leads/records/abc/show')).toBe(404);
  expect(await status(operator, '/resources/leads')).toBe(200);
  expect(await status(manager, `/resources/customers/records/${customerId}/show`)).toBe(200);
});

it('a record created in the panel is answered with the way to its card', async () => {
  const marketer = await as('marketer');
  const { id: serviceId } = await makeService(t.ds);
  const { json } = await marketer.action('POST', '/resources/campaigns/actions/new', { name: 'Лето 2026 — Telegram Ads', serviceId: String(serviceId), channel: 'social', budget: '90000' });
  expect(json.notice).toEqual({ message: 'successfullyCreated', type: 'success' });
  expect(json.redirectUrl).toBe(`/admin/resources/campaigns/records/${json.record.id}/show`);
});
