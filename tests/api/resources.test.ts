import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeLead, makeService, makeUser } from '../support/factories.js';
import { ApiClient, PDF } from './helpers.js';

/** What an API client sees: shapes, money and dates, lists, the lead lifecycle, languages and sessions. */

let t: TestApp;
let admin: ApiClient;
let manager: ApiClient;

beforeAll(async () => {
  t = await startTestApp();
  const a = await makeUser(t.ds, ['admin']);
  const m = await makeUser(t.ds, ['manager']);
  admin = await ApiClient.login(t.baseUrl, a.email, a.password);
  manager = await ApiClient.login(t.baseUrl, m.email, m.password);
});
afterAll(async () => {
  await t?.close();
});

async function all(client: ApiClient, path: string): Promise<any[]> {
  const items: any[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const r = await client.get(`${path}${path.includes('?') ? '&' : '?'}limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status).toBe(200);
    expect(r.json.items.length).toBeLessThanOrEqual(3);
    items.push(...r.json.items);
    cursor = r.json.nextCursor;
    if (!cursor) return items;
  }
  throw new Error('no end of the list');
}

describe('money, dates and shapes', () => {
  it('money is accepted as text or number and answered as a string with two decimals', async () => {
    const a = await admin.post('/services', { name: `Монтаж ${Date.now()}`, price: '1 234,5' });
    expect(a.status).toBe(201);
    expect(a.json).toEqual({ id: expect.any(Number), name: expect.any(String), description: '', price: '1234.50', createdAt: expect.any(String), updatedAt: expect.any(String) });
    expect(new Date(a.json.createdAt).toISOString()).toBe(a.json.createdAt);
    const b = await admin.patch(`/services/${a.json.id}`, { price: 0.1 });
    expect(b.json.price).toBe('0.10');
    const c = await admin.patch(`/services/${a.json.id}`, { price: '0.125' });
    expect(c.status).toBe(422);
    expect(c.json.error.details.fields.price).toBeTruthy();
  });

  it('a lead posted through the API is normalised exactly as in the panel; drafts take no leads', async () => {
    const draft = await makeCampaign(t.ds, { status: 'draft' });
    const refused = await admin.post('/leads', { lastName: 'Черновик', firstName: 'Тест', phone: '+7 912 000-00-01', campaignId: draft.id });
    expect(refused.status).toBe(422);
    expect(refused.json.error.details.fields.campaignId).toMatch(/не запущена/);
    const none = await admin.post('/leads', { lastName: 'Без', firstName: 'Контактов', campaignId: (await makeCampaign(t.ds)).id });
    expect(none.status).toBe(422);
    expect(Object.keys(none.json.error.details.fields).sort()).toEqual(['email', 'phone']);
  });
});

describe('lists', () => {
  it('walks every lead once with limit + cursor, in either order, with a hard maximum', async () => {
    const campaign = await makeCampaign(t.ds);
    const made = [];
    for (let i = 0; i < 8; i++) made.push((await makeLead(t.ds, { campaignId: campaign.id })).id);
    const desc = await all(admin, `/leads?campaignId=${campaign.id}&sort=-id`);
    expect(desc.map((l) => l.id)).toEqual([...made].reverse());
    const asc = await all(admin, `/leads?campaignId=${campaign.id}&sort=createdAt`);
    expect(asc.map((l) => l.id)).toEqual(made);
    const byName = await all(admin, `/leads?campaignId=${campaign.id}&sort=lastName`);
    expect(new Set(byName.map((l) => l.id)).size).toBe(8);
    expect((await admin.get('/leads?limit=101')).status).toBe(422);
    const first = await admin.get(`/leads?campaignId=${campaign.id}&limit=2&sort=-id`);
    const mixed = await admin.get(`/leads?campaignId=${campaign.id}&limit=2&sort=createdAt&cursor=${first.json.nextCursor}`);
    expect(mixed.status).toBe(422);
    expect(mixed.json.error.details.fields.cursor).toBeTruthy();
  });

  it('filters leads by status, campaign, service and period, and searches name, e-mail and phone', async () => {
    const service = await makeService(t.ds);
    const campaign = await makeCampaign(t.ds, { serviceId: service.id });
    const created = await admin.post('/leads', { lastName: 'Уникальнов', firstName: 'Поиск', phone: '8 (915) 765-43-21', email: 'Find.Me@Example.com', campaignId: campaign.id });
    expect(created.status).toBe(201);
    const lost = await makeLead(t.ds, { campaignId: campaign.id, status: 'lost' });
    const ids = async (q: string) => (await admin.get(`/leads?${q}`)).json.items.map((l: any) => l.id);
    expect(await ids(`serviceId=${service.id}&sort=id`)).toEqual([created.json.id, lost.id]);
    expect(await ids(`campaignId=${campaign.id}&status=lost`)).toEqual([lost.id]);
    expect(await ids('search=уникальнов')).toEqual([created.json.id]);
    expect(await ids('search=find.me@')).toEqual([created.json.id]);
    expect(await ids('search=8 915 765 43 21')).toEqual([created.json.id]);
    // a part of the phone as people write it (separators, a leading 8 for +7) finds it by its digits
    expect(await ids('search=765-43')).toEqual([created.json.id]);
    expect(await ids(`search=${encodeURIComponent('8 (915) 765')}`)).toEqual([created.json.id]);
    expect(await ids(`search=${encodeURIComponent('916 765-43')}`)).toEqual([]);
    expect(await ids('search=7654321')).toEqual([created.json.id]);
    expect(await ids('search=%25')).not.toContain(lost.id);
    // days are the company's (Moscow) calendar days, as in the statistics
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Moscow' }).format(new Date());
    expect(await ids(`campaignId=${campaign.id}&createdFrom=${today}&createdTo=${today}&sort=id`)).toEqual([created.json.id, lost.id]);
    const late = await makeLead(t.ds, { campaignId: campaign.id });
    await t.ds.query(`UPDATE leads SET created_at = '2026-03-01T22:30:00Z' WHERE id = $1`, [late.id]); // 01:30 on 2 March in Moscow
    expect(await ids(`campaignId=${campaign.id}&createdFrom=2026-03-02&createdTo=2026-03-02`)).toEqual([String(late.id)]);
    expect(await ids(`campaignId=${campaign.id}&createdFrom=2026-03-01&createdTo=2026-03-01`)).toEqual([]);
    expect(await ids(`campaignId=${campaign.id}&createdTo=2000-01-01`)).toEqual([]);
    expect((await admin.get('/leads?createdFrom=2026-02-30')).status).toBe(422);
    expect((await admin.get('/leads?status=archived')).status).toBe(422);
    expect((await admin.get('/leads?colour=red')).status).toBe(400);
  });
});

describe('the lead lifecycle through the API', () => {
  it('converts with JSON: one customer and contract, with defaults; a second attempt is 409', async () => {
    const service = await makeService(t.ds, { price: '4200.00' });
    const lead = await makeLead(t.ds, { campaignId: (await makeCampaign(t.ds, { serviceId: service.id })).id });
    const defaults = await manager.get(`/leads/${lead.id}/convert`);
    expect(defaults.json).toMatchObject({ serviceId: service.id, amount: '4200.00' });
    const body = { name: 'Договор', startsOn: '2026-03-01', endsOn: '2026-12-31' };
    const first = await manager.post(`/leads/${lead.id}/convert`, body);
    expect(first.status).toBe(201);
    expect(first.json.contract).toMatchObject({ serviceId: service.id, amount: '4200.00', startsOn: '2026-03-01', endsOn: '2026-12-31', document: null });
    expect(first.json.contract.signedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(first.json.customer).toMatchObject({ leadId: lead.id, salesVolume: '4200.00' });
    const again = await manager.post(`/leads/${lead.id}/convert`, body);
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('conflict');
    expect((await manager.get(`/leads/${lead.id}`)).json.status).toBe('converted');

    const extra = await manager.post('/contracts', { name: 'Продление', serviceId: service.id, customerId: first.json.customer.id, amount: '800', signedOn: '2026-06-01', startsOn: '2026-06-01', endsOn: '2026-07-01' });
    expect(extra.status).toBe(201);
    expect((await manager.get(`/customers/${first.json.customer.id}`)).json.salesVolume).toBe('5000.00');
    const contracts = await manager.get(`/contracts?customerId=${first.json.customer.id}&sort=amount`);
    expect(contracts.json.items.map((c: any) => c.amount)).toEqual(['800.00', '4200.00']);
  });

  it('five managers converting at once get one customer', async () => {
    const lead = await makeLead(t.ds);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => manager.post(`/leads/${lead.id}/convert`, { name: 'Гонка', startsOn: '2026-01-01', endsOn: '2026-02-01' })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409, 409]);
    const [{ n }] = await t.ds.query(`SELECT count(*)::int AS n FROM customers WHERE lead_id = $1`, [lead.id]);
    expect(n).toBe(1);
  });

  it('converts with a multipart document; the document is described and downloadable; a fake PDF is refused', async () => {
    const lead = await makeLead(t.ds);
    const form = new FormData();
    form.set('name', 'С документом');
    form.set('amount', '1500,00');
    form.set('startsOn', '2026-01-01');
    form.set('endsOn', '2026-12-31');
    form.set('document', new Blob([PDF], { type: 'application/pdf' }), 'Договор №1.pdf');
    const r = await manager.call('POST', `/leads/${lead.id}/convert`, form);
    expect(r.status).toBe(201);
    expect(r.json.contract.document).toEqual({ fileName: 'Договор №1.pdf', size: PDF.length, contentType: 'application/pdf' });
    const file = await manager.http.request('GET', `/api/v1/contracts/${r.json.contract.id}/document`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);

    const other = await makeLead(t.ds);
    const fake = new FormData();
    fake.set('name', 'Поддельный');
    fake.set('startsOn', '2026-01-01');
    fake.set('endsOn', '2026-12-31');
    fake.set('document', new Blob(['MZ not a pdf'], { type: 'application/pdf' }), 'evil.pdf');
    const refused = await manager.call('POST', `/leads/${other.id}/convert`, fake);
    expect(refused.status).toBe(422);
    expect(refused.json.error.details.fields.document).toMatch(/PDF/);
    expect((await manager.get(`/leads/${other.id}`)).json.status).toBe('new');
    const noDoc = await manager.get(`/contracts/${(await manager.post(`/leads/${other.id}/convert`, { name: 'x', startsOn: '2026-01-01', endsOn: '2026-01-02' })).json.contract.id}/document`);
    expect(noDoc.status).toBe(404);
  });

  it('marks a lead lost with a reason, once', async () => {
    const lead = await makeLead(t.ds);
    expect((await manager.post(`/leads/${lead.id}/lost`, {})).status).toBe(422);
    const lost = await manager.post(`/leads/${lead.id}/lost`, { reason: 'Дорого' });
    expect(lost.json).toMatchObject({ status: 'lost', lostReason: 'Дорого' });
    expect((await manager.post(`/leads/${lead.id}/lost`, { reason: 'Снова' })).status).toBe(409);
    expect((await manager.patch(`/leads/${lead.id}`, { firstName: 'Другое' })).status).toBe(409);
    expect((await manager.patch(`/leads/${lead.id}`, { notes: 'можно' })).json.notes).toBe('можно');
  });

  it('campaigns launch and finish once; referenced records are not deleted', async () => {
    const service = await makeService(t.ds);
    const c = await admin.post('/campaigns', { name: `Осень ${Date.now()}`, serviceId: service.id, channel: 'email', budget: '100' });
    expect(c.json).toMatchObject({ status: 'draft', launchedAt: null, budget: '100.00' });
    expect((await admin.post(`/campaigns/${c.json.id}/finish`)).status).toBe(409);
    const launched = await admin.post(`/campaigns/${c.json.id}/launch`);
    expect(launched.json.status).toBe('active');
    expect((await admin.post(`/campaigns/${c.json.id}/launch`)).json.error.code).toBe('invalid_state');
    const del = await admin.delete(`/services/${service.id}`);
    expect(del.status).toBe(409);
    expect(del.json.error.code).toBe('referenced');
    expect((await admin.delete(`/services/${(await makeService(t.ds)).id}`)).status).toBe(204);
    expect((await admin.get('/services/2147483647')).status).toBe(404);
  });
});

describe('language, sessions and users', () => {
  it('answers errors in the language asked for', async () => {
    const ru = await admin.post('/services', { name: '', price: 'abc' });
    expect(ru.json.error.message).toBe('Проверьте правильность заполнения полей');
    const en = await admin.post('/services', { name: '', price: 'abc' }, { 'accept-language': 'en-GB,en;q=0.9,ru;q=0.5' });
    expect(en.status).toBe(422);
    expect(en.json.error.message).toBe('Please check the highlighted fields');
    expect(en.json.error.details.fields).toEqual({ name: 'Required', price: 'Amount: a number with at most two decimals' });
    const anon = await new ApiClient(t.baseUrl).get('/services', { 'accept-language': 'en' });
    expect(anon.json.error).toEqual({ code: 'unauthenticated', message: 'Authentication required', details: null });
  });

  it('logs in, tells who is there, logs out; unknown routes are 404 only for the signed-in', async () => {
    const u = await makeUser(t.ds, ['marketer', 'operator']);
    const c = new ApiClient(t.baseUrl);
    expect((await c.get('/nothing-here')).status).toBe(401);
    expect((await c.post('/auth/login', { email: u.email, password: 'wrong' })).status).toBe(401);
    const ok = await c.post('/auth/login', { email: u.email.toUpperCase(), password: u.password });
    expect(ok.json).toEqual({ id: u.id, email: u.email, fullName: expect.any(String), roles: ['marketer', 'operator'], authVia: 'session' });
    expect((await c.get('/nothing-here')).status).toBe(404);
    expect((await c.get('/auth/me')).json.id).toBe(u.id);
    expect((await c.post('/auth/logout')).status).toBe(204);
    expect((await c.get('/auth/me')).status).toBe(401);
  });

  it('manages users without ever returning a password; the last administrator stays', async () => {
    const created = await admin.post('/users', { email: 'New.User@Example.com', fullName: 'Новый', roles: ['operator'], password: 'long-password-1' });
    expect(created.json).toEqual({ id: expect.any(Number), email: 'new.user@example.com', fullName: 'Новый', roles: ['operator'], active: true });
    expect((await admin.post('/users', { email: 'new.user@example.com', fullName: 'Дубль', roles: ['operator'], password: 'long-password-1' })).status).toBe(409);
    const me = (await admin.get('/auth/me')).json;
    expect((await admin.patch(`/users/${me.id}`, { roles: ['operator'] })).status).toBe(403);
    expect((await admin.delete(`/users/${me.id}`)).status).toBe(403);
    const list = await admin.get('/users?role=operator&search=new.user');
    expect(list.json.items.map((u: any) => u.id)).toEqual([created.json.id]);
    expect(JSON.stringify(list.json)).not.toMatch(/password/i);
  });

  it('refuses a login past the shared rate limit with 429', async () => {
    const u = await makeUser(t.ds, ['operator']);
    const c = new ApiClient(t.baseUrl);
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await c.post('/auth/login', { email: u.email, password: 'wrong-password' })).status);
    // The limit is shared with the panel's login (per account and per address), so earlier failures count too.
    expect(statuses[0]).toBe(401);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect((await c.post('/auth/login', { email: u.email, password: u.password })).status).toBe(429);
  });
});
