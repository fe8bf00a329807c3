/**
 * The history over the REST API: GET /{resource}/{id}/history (whoever may show the record) and GET /history (the
 * journal, administrators), keyset-paginated; changes made with a token are recorded as `api`.
 */
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeCustomer, makeUser } from '../support/factories.js';
import { ApiClient, isErrorBody } from './helpers.js';

let t: TestApp;
let admin: ApiClient;
let marketer: ApiClient;
let adminId: number;

beforeAll(async () => {
  t = await startTestApp();
  const a = await makeUser(t.ds, ['admin']);
  adminId = a.id;
  admin = await ApiClient.login(t.baseUrl, a.email, a.password);
  const m = await makeUser(t.ds, ['marketer']);
  marketer = await ApiClient.login(t.baseUrl, m.email, m.password);
});
afterAll(() => t.close());

async function tokenFor(roles: ('admin' | 'operator' | 'manager')[]) {
  const u = await makeUser(t.ds, roles);
  const r = await admin.post(`/users/${u.id}/tokens`, { name: 'интеграция' });
  expect(r.status).toBe(201);
  return { client: new ApiClient(t.baseUrl, r.json.secret as string), user: u };
}

describe('GET /{resource}/{id}/history', () => {
  it('a lead edited over the API with a token: its events, newest first, in the caller\'s language, `via: api`, page by page', async () => {
    const { id: campaignId } = await makeCampaign(t.ds, { name: 'Осенняя' });
    const { client: operator, user } = await tokenFor(['operator']);
    const created = await operator.post('/leads', { lastName: 'Семёнова', firstName: 'Алла', phone: '89123456789', campaignId });
    expect(created.status).toBe(201);
    const leadId = created.json.id as string;
    for (const status of ['in_progress', 'new', 'in_progress']) expect((await operator.patch(`/leads/${leadId}`, { status })).status).toBe(200);

    const first = await operator.get(`/leads/${leadId}/history?limit=3`);
    expect(first.status).toBe(200);
    expect(first.json.items).toHaveLength(3);
    expect(first.json.items[0]).toMatchObject({
      action: 'edit', via: 'api', resource: 'leads', recordId: leadId, recordTitle: 'Семёнова Алла',
      actor: { id: user.id, roles: ['operator'] }, changes: [{ field: 'status', from: 'new', to: 'in_progress' }],
      summary: 'статус «Новый» → «В работе»',
    });
    expect(first.json.items[0].line).toMatch(/^\d\d\.\d\d\.\d{4} \d\d:\d\d — Тестовый .* \(оператор\), через API: статус «Новый» → «В работе»$/);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await operator.get(`/leads/${leadId}/history?limit=3&cursor=${encodeURIComponent(first.json.nextCursor)}`);
    expect(second.json.items.map((e: { action: string }) => e.action)).toEqual(['create']);
    expect(second.json.nextCursor).toBeNull();
    expect(second.json.items[0].summary).toContain('рекламная кампания «Осенняя»');

    const en = await operator.get(`/leads/${leadId}/history?limit=1`, { 'accept-language': 'en' });
    expect(en.json.items[0].summary).toBe('status «New» → «In progress»');

    // The record deleted: its history still answers (an administrator may delete it; the operator may too).
    expect((await operator.delete(`/leads/${leadId}`)).status).toBe(204);
    const after = await admin.get(`/leads/${leadId}/history`);
    expect(after.status).toBe(200);
    expect(after.json.items[0]).toMatchObject({ action: 'delete', recordTitle: 'Семёнова Алла', via: 'api' });
  });

  it('403 where the role may not open the record, 404 for a record that never was, 422 for a forged cursor', async () => {
    const { contractId } = await makeCustomer(t.ds);
    const refused = await marketer.get(`/contracts/${contractId}/history`);
    expect(refused.status).toBe(403);
    expect(isErrorBody(refused.json)).toBe(true);
    expect((await marketer.get(`/users/${adminId}/history`)).status).toBe(403);
    expect((await admin.get(`/contracts/${contractId}/history`)).status).toBe(200);
    expect((await admin.get('/leads/987654321/history')).status).toBe(404);
    expect((await admin.get('/services/abc/history')).status).toBe(400);
    expect((await admin.get(`/contracts/${contractId}/history?cursor=nonsense`)).status).toBe(422);
  });
});

describe('GET /history (the journal)', () => {
  it('administrators only; filters by user, resource, action and period; keyset pages', async () => {
    expect((await marketer.get('/history')).status).toBe(403);
    const { client: manager, user } = await tokenFor(['manager']);
    expect((await manager.get('/history')).status).toBe(403);
    const names = ['Журнал 1', 'Журнал 2', 'Журнал 3'];
    for (const name of names) expect((await admin.post('/services', { name, price: 1 })).status).toBe(201);

    const mine = await admin.get(`/history?actorId=${adminId}&resource=services&action=create&limit=2`);
    expect(mine.status).toBe(200);
    expect(mine.json.items.map((e: { recordTitle: string }) => e.recordTitle)).toEqual(['Журнал 3', 'Журнал 2']);
    const rest = await admin.get(`/history?actorId=${adminId}&resource=services&action=create&limit=2&cursor=${encodeURIComponent(mine.json.nextCursor)}`);
    expect(rest.json.items.map((e: { recordTitle: string }) => e.recordTitle)).toEqual(['Журнал 1']);
    expect(rest.json.nextCursor).toBeNull();

    const today = new Date().toISOString().slice(0, 10);
    expect((await admin.get(`/history?resource=services&from=2000-01-01&to=2000-01-02`)).json.items).toEqual([]);
    expect((await admin.get(`/history?actorId=${user.id}`)).json.items).toEqual([]);
    expect((await admin.get(`/history?resource=services&to=${today.slice(0, 4)}-12-31`)).json.items.length).toBeGreaterThanOrEqual(3);
    expect((await admin.get('/history?action=nonsense')).status).toBe(422);
  });
});
