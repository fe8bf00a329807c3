/**
 * Bad input through the panel's API, as an administrator: every refusal names the field in Russian, is never a
 * 500, and leaves the database exactly as it was. Plus the normalisations the panel must apply on the way in
 * and deletes that must be all-or-nothing.
 */
import { startTestApp, type TestApp } from '../support/app.js';
import { count, makeCampaign, makeCustomer, makeLead, makeService, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';
import { dbSnapshot } from '../support/snapshot.js';

let t: TestApp;
let admin: Client;
let adminId: number;

beforeAll(async () => {
  t = await startTestApp();
  const user = await makeUser(t.ds, ['admin'], { email: 'boss@example.com' });
  adminId = user.id;
  admin = new Client(t.baseUrl);
  expect((await admin.login(user.email, user.password)).status).toBe(302);
});
afterAll(() => t?.close());

const RUSSIAN = /[А-Яа-яЁё]/;
const TABLES = ['services', 'campaigns', 'leads', 'customers', 'contracts', 'documents', 'users'];

/** Every row of every business table: "nothing written or changed" means this stays equal. */
const snapshot = () => dbSnapshot(t.ds, TABLES);

type Json = any;

/**
 * Sends a write that must be refused: not a 500 (nor any 5xx), an error notice, a non-empty Russian message
 * under each expected field (exactly `exact[field]` when given), and the database unchanged.
 */
async function refused(path: string, body: Record<string, unknown>, fields: string[], exact: Record<string, string> = {}): Promise<Json> {
  const before = await snapshot();
  const { status, json } = await admin.action('POST', path, body);
  expect({ path, status }).toEqual({ path, status: expect.any(Number) });
  expect(status).toBeLessThan(500);
  expect(json.notice?.type).toBe('error');
  const errors = json.record?.errors ?? {};
  for (const field of fields) {
    const message = errors[field]?.message;
    expect({ field, message }).toEqual({ field, message: expect.stringMatching(RUSSIAN) });
    expect(message).not.toMatch(/^[\x00-\x7f]*$/); // not an English library default like "Invalid input"
    if (exact[field]) expect({ field, message }).toEqual({ field, message: exact[field] });
  }
  for (const [field, e] of Object.entries(errors) as [string, { message?: string }][]) {
    expect({ field, message: e.message }).toEqual({ field, message: expect.stringMatching(RUSSIAN) });
  }
  expect(await snapshot()).toEqual(before);
  return json;
}

const long = (n: number) => 'Я'.repeat(n);
let seq = 0;
const unique = (prefix: string) => `${prefix} ${++seq}`;

const validService = () => ({ name: unique('Услуга'), description: 'Описание', price: '1500' });

describe('services', () => {
  const NEW = '/resources/services/actions/new';

  it('refuses a negative price', async () => {
    await refused(NEW, { ...validService(), price: '-100' }, ['price'], { price: 'Сумма не может быть отрицательной' });
  });

  it('refuses a price with three decimals', async () => {
    await refused(NEW, { ...validService(), price: '10.555' }, ['price'], { price: 'Сумма: число с не более чем двумя знаками после запятой' });
    await refused(NEW, { ...validService(), price: '10,555' }, ['price']);
  });

  it('refuses a non-numeric price', async () => {
    await refused(NEW, { ...validService(), price: 'дорого' }, ['price']);
    await refused(NEW, { ...validService(), price: '12abc' }, ['price']);
    await refused(NEW, { ...validService(), price: '1e3' }, ['price']);
  });

  it('refuses a duplicate name, whatever its case', async () => {
    const name = unique('Контекстная реклама');
    expect((await admin.action('POST', NEW, { name, price: '100' })).json.notice?.type).toBe('success');
    await refused(NEW, { name: name.toUpperCase(), price: '200' }, ['name'], { name: 'Услуга с таким названием уже есть' });
    await refused(NEW, { name: `  ${name.toLowerCase()} `, price: '200' }, ['name'], { name: 'Услуга с таким названием уже есть' });
  });

  it('refuses renaming a service to an existing name, whatever its case', async () => {
    const name = unique('SEO продвижение');
    await makeService(t.ds, { name });
    const other = await makeService(t.ds);
    await refused(`/resources/services/records/${other.id}/edit`, { name: name.toLowerCase() }, ['name'], { name: 'Услуга с таким названием уже есть' });
  });

  it('refuses a 201-character name (200 is fine)', async () => {
    await refused(NEW, { ...validService(), name: long(201) }, ['name'], { name: 'Не длиннее 200 символов' });
    const ok = await admin.action('POST', NEW, { ...validService(), name: long(200) });
    expect(ok.json.notice?.type).toBe('success');
  });

  it('refuses an empty name', async () => {
    await refused(NEW, { name: '', price: '100' }, ['name'], { name: 'Обязательное поле' });
    await refused(NEW, { name: '   ', price: '100' }, ['name'], { name: 'Обязательное поле' });
    await refused(NEW, { price: '100' }, ['name'], { name: 'Обязательное поле' });
  });

  it('refuses an empty or missing price, in Russian', async () => {
    await refused(NEW, { name: unique('Без цены'), price: '' }, ['price']);
    await refused(NEW, { name: unique('Без цены') }, ['price']);
    await refused(NEW, {}, ['name', 'price']);
  });

  it('refuses bad input on edit and keeps the service as it was', async () => {
    const s = await makeService(t.ds, { price: '700.00' });
    const EDIT = `/resources/services/records/${s.id}/edit`;
    await refused(EDIT, { price: '-1' }, ['price'], { price: 'Сумма не может быть отрицательной' });
    await refused(EDIT, { price: '1.001' }, ['price']);
    await refused(EDIT, { name: '' }, ['name']);
    await refused(EDIT, { name: long(201) }, ['name']);
  });

  it("stores the Russian-formatted price '1 234,5' as 1234.50", async () => {
    const name = unique('Ведение соцсетей');
    const { status, json } = await admin.action('POST', NEW, { name, price: '1 234,5' });
    expect(status).toBe(200);
    expect(json.notice).toEqual({ message: 'successfullyCreated', type: 'success' });
    const [row] = await t.ds.query(`SELECT price FROM services WHERE name = $1`, [name]);
    expect(row.price).toBe('1234.50');
  });

  it('refuses to delete a service used by a campaign, with a clear message; the service stays', async () => {
    const s = await makeService(t.ds);
    await makeCampaign(t.ds, { serviceId: s.id });
    const before = await snapshot();
    const { status, json } = await admin.action('POST', `/resources/services/records/${s.id}/delete`);
    expect(status).toBeLessThan(500);
    expect(json.notice).toEqual({ message: 'Нельзя удалить услугу: по ней есть рекламные кампании', type: 'error' });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses to delete a service used by a contract', async () => {
    const s = await makeService(t.ds);
    await makeCustomer(t.ds, { serviceId: s.id });
    const before = await snapshot();
    const { status, json } = await admin.action('POST', `/resources/services/records/${s.id}/delete`);
    expect(status).toBeLessThan(500);
    expect(json.notice?.type).toBe('error');
    expect(json.notice?.message).toMatch(RUSSIAN);
    expect(await snapshot()).toEqual(before);
  });

  it('bulk delete of two services where one is referenced deletes neither', async () => {
    const free = await makeService(t.ds);
    const used = await makeService(t.ds);
    await makeCampaign(t.ds, { serviceId: used.id });
    const before = await snapshot();
    for (const ids of [`${free.id},${used.id}`, `${used.id},${free.id}`]) {
      const { status, json } = await admin.action('POST', `/resources/services/bulk/bulkDelete?recordIds=${ids}`);
      // Both still there (checked first: it is the part that must never break), then a clear refusal, not a 500.
      expect(await snapshot()).toEqual(before);
      expect({ ids, status }).toEqual({ ids, status: 200 });
      expect(json.notice).toEqual({ message: 'Нельзя удалить услугу: по ней есть рекламные кампании', type: 'error' });
    }
    // Control: the unreferenced one alone goes.
    const { json } = await admin.action('POST', `/resources/services/bulk/bulkDelete?recordIds=${free.id}`);
    expect(json.notice?.type).toBe('success');
    expect(await t.ds.query(`SELECT id FROM services WHERE id = ANY($1) ORDER BY id`, [[free.id, used.id]])).toEqual([{ id: used.id }]);
  });
});

describe('campaigns', () => {
  const NEW = '/resources/campaigns/actions/new';
  const valid = async () => ({ name: unique('Кампания'), serviceId: String((await makeService(t.ds)).id), channel: 'search', budget: '10000' });

  it('refuses a service that does not exist', async () => {
    await refused(NEW, { ...(await valid()), serviceId: '999999' }, ['serviceId'], { serviceId: 'Услуга не найдена' });
  });

  it('refuses a malformed service id', async () => {
    await refused(NEW, { ...(await valid()), serviceId: 'abc' }, ['serviceId'], { serviceId: 'Неверный идентификатор' });
  });

  it('refuses an empty service or budget, in Russian', async () => {
    await refused(NEW, { ...(await valid()), serviceId: '' }, ['serviceId']);
    await refused(NEW, { ...(await valid()), budget: '' }, ['budget']);
  });

  it('refuses a negative budget, an unknown channel, an over-long or empty name', async () => {
    await refused(NEW, { ...(await valid()), budget: '-5' }, ['budget'], { budget: 'Сумма не может быть отрицательной' });
    await refused(NEW, { ...(await valid()), channel: 'telepathy' }, ['channel']);
    await refused(NEW, { ...(await valid()), name: long(201) }, ['name'], { name: 'Не длиннее 200 символов' });
    await refused(NEW, { ...(await valid()), name: '' }, ['name'], { name: 'Обязательное поле' });
  });

  it('refuses a duplicate name, whatever its case', async () => {
    const body = await valid();
    expect((await admin.action('POST', NEW, body)).json.notice?.type).toBe('success');
    await refused(NEW, { ...(await valid()), name: body.name.toUpperCase() }, ['name'], { name: 'Кампания с таким названием уже есть' });
  });

  it('refuses to delete a campaign that has leads', async () => {
    const lead = await makeLead(t.ds);
    const before = await snapshot();
    const { status, json } = await admin.action('POST', `/resources/campaigns/records/${lead.campaignId}/delete`);
    expect(status).toBeLessThan(500);
    expect(json.notice).toEqual({ message: 'Нельзя удалить кампанию: у неё есть потенциальные клиенты', type: 'error' });
    expect(await snapshot()).toEqual(before);
  });
});

describe('leads', () => {
  const NEW = '/resources/leads/actions/new';
  let activeCampaign: number;
  beforeAll(async () => {
    activeCampaign = (await makeCampaign(t.ds, { status: 'active' })).id;
  });
  const valid = () => ({ lastName: 'Петров', firstName: 'Пётр', phone: '+79161234567', email: `petrov${++seq}@example.com`, campaignId: String(activeCampaign) });

  it('refuses a lead with neither phone nor email', async () => {
    await refused(NEW, { ...valid(), phone: '', email: '' }, ['phone', 'email'], { phone: 'Укажите телефон или e-mail', email: 'Укажите телефон или e-mail' });
    const { phone: _p, email: _e, ...noContacts } = valid();
    await refused(NEW, noContacts, ['phone']);
  });

  it('refuses a bad e-mail', async () => {
    await refused(NEW, { ...valid(), email: 'ivan@' }, ['email'], { email: 'Неверный адрес e-mail' });
    await refused(NEW, { ...valid(), email: 'not an email' }, ['email']);
    await refused(NEW, { ...valid(), phone: '', email: 'ivan.example.com' }, ['email']);
  });

  it('refuses an unparseable phone', async () => {
    await refused(NEW, { ...valid(), phone: '12345' }, ['phone'], { phone: 'Не похоже на номер телефона' });
    await refused(NEW, { ...valid(), phone: 'позвонить вечером' }, ['phone']);
    await refused(NEW, { ...valid(), email: '', phone: '+7 (999) 12' }, ['phone']);
  });

  it('refuses a lead for a draft campaign', async () => {
    const draft = await makeCampaign(t.ds, { status: 'draft' });
    await refused(NEW, { ...valid(), campaignId: String(draft.id) }, ['campaignId'], {
      campaignId: 'Кампания ещё не запущена: лиды принимаются только в запущенные кампании',
    });
  });

  it('refuses a campaign that does not exist or a malformed campaign id', async () => {
    await refused(NEW, { ...valid(), campaignId: '999999' }, ['campaignId'], { campaignId: 'Кампания не найдена' });
    await refused(NEW, { ...valid(), campaignId: 'x1' }, ['campaignId'], { campaignId: 'Неверный идентификатор' });
  });

  it('refuses a lead with no campaign, in Russian', async () => {
    await refused(NEW, { ...valid(), campaignId: '' }, ['campaignId']);
    const { campaignId: _c, ...noCampaign } = valid();
    await refused(NEW, noCampaign, ['campaignId']);
  });

  it('refuses over-long and empty names', async () => {
    await refused(NEW, { ...valid(), lastName: long(101) }, ['lastName'], { lastName: 'Не длиннее 100 символов' });
    await refused(NEW, { ...valid(), firstName: long(101) }, ['firstName']);
    await refused(NEW, { ...valid(), middleName: long(101) }, ['middleName']);
    await refused(NEW, { ...valid(), lastName: '' }, ['lastName'], { lastName: 'Обязательное поле' });
    await refused(NEW, { ...valid(), firstName: '  ' }, ['firstName']);
  });

  it('refuses bad contacts on edit and keeps the lead as it was', async () => {
    const lead = await makeLead(t.ds, { campaignId: activeCampaign });
    const EDIT = `/resources/leads/records/${lead.id}/edit`;
    await refused(EDIT, { email: 'broken@' }, ['email']);
    await refused(EDIT, { phone: '000' }, ['phone']);
    await refused(EDIT, { phone: '', email: '' }, ['phone']);
    await refused(EDIT, { lastName: long(101) }, ['lastName']);
    const draft = await makeCampaign(t.ds, { status: 'draft' });
    await refused(EDIT, { campaignId: String(draft.id) }, ['campaignId']);
  });

  it('stores 8 (912) 345-67-89 as +79123456789 and Ivan@Example.COM lower-cased', async () => {
    const before = await count(t.ds, 'leads');
    const { status, json } = await admin.action('POST', NEW, {
      lastName: 'Иванов', firstName: 'Иван', phone: '8 (912) 345-67-89', email: 'Ivan@Example.COM', campaignId: String(activeCampaign),
    });
    expect(status).toBe(200);
    expect(json.notice).toEqual({ message: 'successfullyCreated', type: 'success' });
    expect(await count(t.ds, 'leads')).toBe(before + 1);
    const [row] = await t.ds.query(`SELECT phone, email, status, created_by_id FROM leads ORDER BY id DESC LIMIT 1`);
    expect(row).toEqual({ phone: '+79123456789', email: 'ivan@example.com', status: 'new', created_by_id: adminId });
  });

  it('normalises contacts on edit too', async () => {
    const lead = await makeLead(t.ds, { campaignId: activeCampaign });
    const { json } = await admin.action('POST', `/resources/leads/records/${lead.id}/edit`, { phone: '8 912 000-11-22', email: ' Petr.Petrov@Mail.RU ' });
    expect(json.notice?.type).toBe('success');
    const [row] = await t.ds.query(`SELECT phone, email FROM leads WHERE id = $1`, [lead.id]);
    expect(row).toEqual({ phone: '+79120001122', email: 'petr.petrov@mail.ru' });
  });
});

describe('contracts', () => {
  const NEW = '/resources/contracts/actions/new';
  let customerId: number;
  let serviceId: number;
  beforeAll(async () => {
    serviceId = (await makeService(t.ds)).id;
    customerId = (await makeCustomer(t.ds, { serviceId })).id;
  });
  const valid = () => ({
    name: unique('Договор'),
    customerId: String(customerId),
    serviceId: String(serviceId),
    amount: '25000',
    signedOn: '2026-03-01',
    startsOn: '2026-03-10',
    endsOn: '2026-12-31',
  });

  it('accepts a valid contract and stores its dates exactly as given (control for the date cases below)', async () => {
    const body = valid();
    const { status, json } = await admin.action('POST', NEW, body);
    expect(status).toBe(200);
    expect(json.record?.errors).toEqual({});
    expect(json.notice).toEqual({ message: 'successfullyCreated', type: 'success' });
    const [row] = await t.ds.query(
      `SELECT amount, to_char(signed_on, 'YYYY-MM-DD') AS "signedOn", to_char(starts_on, 'YYYY-MM-DD') AS "startsOn", to_char(ends_on, 'YYYY-MM-DD') AS "endsOn"
         FROM contracts WHERE name = $1`,
      [body.name],
    );
    expect(row).toEqual({ amount: '25000.00', signedOn: '2026-03-01', startsOn: '2026-03-10', endsOn: '2026-12-31' });
  });

  it('refuses a contract that ends before it starts', async () => {
    await refused(NEW, { ...valid(), startsOn: '2026-06-01', endsOn: '2026-05-31' }, ['endsOn'], { endsOn: 'Дата окончания не может быть раньше даты начала' });
  });

  it('refuses an invalid calendar date like 2026-02-30 instead of rolling it over', async () => {
    await refused(NEW, { ...valid(), startsOn: '2026-02-30' }, ['startsOn'], { startsOn: 'Дата в формате ГГГГ-ММ-ДД' });
    await refused(NEW, { ...valid(), signedOn: '2026-13-01' }, ['signedOn']);
    await refused(NEW, { ...valid(), endsOn: 'завтра' }, ['endsOn']);
  });

  it('refuses an end date moved before the start on edit', async () => {
    const c = await makeCustomer(t.ds);
    await refused(`/resources/contracts/records/${c.contractId}/edit`, { endsOn: '2025-01-01' }, ['endsOn'], {
      endsOn: 'Дата окончания не может быть раньше даты начала',
    });
  });

  it('refuses a zero or negative amount, a missing service or customer', async () => {
    await refused(NEW, { ...valid(), amount: '0' }, ['amount'], { amount: 'Сумма должна быть больше нуля' });
    await refused(NEW, { ...valid(), amount: '-10' }, ['amount']);
    await refused(NEW, { ...valid(), serviceId: '999999' }, ['serviceId'], { serviceId: 'Услуга не найдена' });
    await refused(NEW, { ...valid(), customerId: '999999' }, ['customerId'], { customerId: 'Клиент не найден' });
    await refused(NEW, { ...valid(), name: '' }, ['name']);
  });
});

describe('users', () => {
  const NEW = '/resources/users/actions/new';
  const valid = () => ({ email: `user${++seq}@example.com`, fullName: 'Сергей Сергеев', roles: ['operator'], password: 'long-enough-pass' });

  it('refuses a user with no roles', async () => {
    const { roles: _r, ...noRoles } = valid();
    await refused(NEW, noRoles, ['roles']);
    await refused(NEW, { ...valid(), roles: [] }, ['roles']);
    await refused(NEW, { ...valid(), roles: ['superuser'] }, ['roles']);
  });

  it('refuses a short password', async () => {
    await refused(NEW, { ...valid(), password: 'short' }, ['password'], { password: 'Пароль не короче 8 символов' });
    await refused(NEW, { ...valid(), password: '1234567' }, ['password'], { password: 'Пароль не короче 8 символов' });
  });

  it('refuses a new user without a password (empty or missing), never a 500', async () => {
    await refused(NEW, { ...valid(), password: '' }, ['password']);
    const { password: _p, ...noPassword } = valid();
    await refused(NEW, noPassword, ['password']);
  });

  it('refuses a duplicate e-mail, whatever its case', async () => {
    await refused(NEW, { ...valid(), email: 'boss@example.com' }, ['email'], { email: 'Пользователь с таким e-mail уже есть' });
    await refused(NEW, { ...valid(), email: 'BOSS@Example.com' }, ['email'], { email: 'Пользователь с таким e-mail уже есть' });
  });

  it('refuses a malformed e-mail and an empty name', async () => {
    await refused(NEW, { ...valid(), email: 'boss-at-example' }, ['email'], { email: 'Неверный адрес e-mail' });
    await refused(NEW, { ...valid(), fullName: '' }, ['fullName']);
  });

  it('refuses taking away every role, or a short password, on edit', async () => {
    const u = await makeUser(t.ds, ['operator']);
    const EDIT = `/resources/users/records/${u.id}/edit`;
    await refused(EDIT, { roles: [] }, ['roles']);
    await refused(EDIT, { password: 'short' }, ['password']);
    await refused(EDIT, { email: 'boss@example.com' }, ['email']);
  });

  it('stores a new user with a lower-cased e-mail and a hashed password', async () => {
    const { json } = await admin.action('POST', NEW, { ...valid(), email: 'New.User@Example.COM' });
    expect(json.notice?.type).toBe('success');
    const [row] = await t.ds.query(`SELECT email, roles, password_hash FROM users WHERE email = 'new.user@example.com'`);
    expect(row.roles).toEqual('{operator}');
    expect(row.password_hash).toMatch(/^\$2[aby]\$/);
  });

  it('never sends a password back, not even the one just typed (create and edit)', async () => {
    const created = await admin.action('POST', NEW, { ...valid(), password: 'typed-secret-1' });
    expect(created.json.notice?.type).toBe('success');
    expect(JSON.stringify(created.json)).not.toContain('typed-secret-1');
    const u = await makeUser(t.ds, ['operator']);
    const edited = await admin.action('POST', `/resources/users/records/${u.id}/edit`, { password: 'typed-secret-2' });
    expect(edited.json.notice?.type).toBe('success');
    expect(JSON.stringify(edited.json)).not.toContain('typed-secret-2');
    expect(JSON.stringify(edited.json)).not.toMatch(/passwordHash|password_hash|\$2[aby]\$/);
    // The new password works.
    expect((await new Client(t.baseUrl).login(u.email, 'typed-secret-2')).status).toBe(302);
  });
});

describe('record ids in the URL', () => {
  const BAD_IDS = ['abc', '1.5', '-1', '1e3', '0x10', '99999999999', '%20'];

  it.each(BAD_IDS)('id %p: show, edit, delete and bulk delete answer without a 500 and change nothing', async (id) => {
    await makeService(t.ds);
    await makeLead(t.ds);
    const before = await snapshot();
    const answers: { call: string; status: number; success: boolean }[] = [];
    const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
      const r = await admin.action(method, path, body);
      answers.push({ call: `${method} ${path}`, status: r.status, success: r.json?.notice?.type === 'success' || (method === 'GET' && r.json?.record?.params?.id !== undefined) });
    };
    for (const resource of ['services', 'leads', 'campaigns', 'users']) {
      await call('GET', `/resources/${resource}/records/${id}/show`);
      await call('POST', `/resources/${resource}/records/${id}/edit`, { name: 'Изменено', lastName: 'Изменено' });
      await call('POST', `/resources/${resource}/records/${id}/delete`);
      await call('POST', `/resources/${resource}/bulk/bulkDelete?recordIds=${id}`);
    }
    // All at once, so a failure lists every call that answered 5xx or pretended to succeed.
    expect(answers.filter((a) => a.status >= 500 || a.success)).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  it('a record id that does not exist answers without a 500 and changes nothing', async () => {
    const before = await snapshot();
    const answers: { call: string; status: number; notice?: string }[] = [];
    for (const resource of ['services', 'leads', 'contracts', 'users']) {
      for (const [method, path] of [
        ['GET', `/resources/${resource}/records/987654/show`],
        ['POST', `/resources/${resource}/records/987654/edit`],
        ['POST', `/resources/${resource}/records/987654/delete`],
        ['POST', `/resources/${resource}/bulk/bulkDelete?recordIds=987654`],
      ] as const) {
        const r = await admin.action(method, path, method === 'POST' ? { name: 'Изменено' } : undefined);
        answers.push({ call: `${method} ${path}`, status: r.status, notice: r.json?.notice?.type });
      }
    }
    expect(answers.filter((a) => a.status >= 500 || a.notice === 'success')).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });
});

describe('refusals that name no field', () => {
  // AdminJS calls a write a success whenever no field has an error: a refusal of the whole request (a 409, one's own
  // account) must still reach the user as an error notice with the service's message, whatever the action.
  it('answer an error notice with the service\'s message, on every kind of action, and change nothing', async () => {
    const own = 'Нельзя изменить собственные роли, отключить или удалить себя';
    const usedService = (await makeCampaign(t.ds, { status: 'draft' })).serviceId;
    const withLeads = (await makeLead(t.ds)).campaignId;
    const finished = (await makeCampaign(t.ds, { status: 'finished' })).id;
    const draft = (await makeCampaign(t.ds, { status: 'draft' })).id;
    const { leadId: converted } = await makeCustomer(t.ds);

    const refusals: [string, string, Record<string, unknown>, string | RegExp][] = [
      ['edit: own roles', `/resources/users/records/${adminId}/edit`, { 'roles.0': 'operator' }, own],
      ['edit: deactivate oneself', `/resources/users/records/${adminId}/edit`, { active: 'false' }, own],
      ['delete: oneself', `/resources/users/records/${adminId}/delete`, {}, own],
      ['bulkDelete: oneself', `/resources/users/bulk/bulkDelete?recordIds=${adminId}`, {}, own],
      ['delete: a service with campaigns', `/resources/services/records/${usedService}/delete`, {}, 'Нельзя удалить услугу: по ней есть рекламные кампании'],
      ['bulkDelete: a service with campaigns', `/resources/services/bulk/bulkDelete?recordIds=${usedService}`, {}, 'Нельзя удалить услугу: по ней есть рекламные кампании'],
      ['delete: a campaign with leads', `/resources/campaigns/records/${withLeads}/delete`, {}, 'Нельзя удалить кампанию: у неё есть потенциальные клиенты'],
      ['delete: a converted lead', `/resources/leads/records/${converted}/delete`, {}, 'Нельзя удалить потенциального клиента: он уже стал клиентом'],
      ['launch: a finished campaign', `/resources/campaigns/records/${finished}/launch`, {}, RUSSIAN],
      ['finish: a draft', `/resources/campaigns/records/${draft}/finish`, {}, RUSSIAN],
      ['convert: twice', `/resources/leads/records/${converted}/convert`, { name: 'Договор', startsOn: '2026-12-01', endsOn: '2027-11-30' }, 'Этот лид уже переведён в клиенты'],
      ['markLost: a converted lead', `/resources/leads/records/${converted}/markLost`, { reason: 'Дорого' }, 'Лид уже переведён в клиенты'],
    ];
    const before = await snapshot();
    const answers = [];
    for (const [label, path, body] of refusals) answers.push({ label, notice: (await admin.action('POST', path, body)).json.notice });
    expect(answers).toEqual(
      refusals.map(([label, , , message]) => ({
        label,
        notice: expect.objectContaining({ type: 'error', message: typeof message === 'string' ? message : expect.stringMatching(message) }),
      })),
    );
    expect(await snapshot()).toEqual(before);
  });
});
