/**
 * The responsible manager over the REST API (issue 13): take, assign by ids or by the list's filter, unassign, the
 * `assigneeId` filter (an id or `none`) and `status=working` («Мои лиды»), the import's managers, «my work», and a
 * manager's deactivation refused until it says what to do with their open leads. Refusals are clear 4xx.
 */
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeCustomer, makeLead, makeUser } from '../support/factories.js';
import { ApiClient, fingerprint } from './helpers.js';

let t: TestApp;
let admin: ApiClient;
let anna: ApiClient;
let annaId: number;
let borisId: number;
let operator: ApiClient;
let operatorId: number;

beforeAll(async () => {
  t = await startTestApp();
  const a = await makeUser(t.ds, ['admin']);
  const m = await makeUser(t.ds, ['manager']);
  const b = await makeUser(t.ds, ['manager']);
  const o = await makeUser(t.ds, ['operator']);
  [annaId, borisId, operatorId] = [m.id, b.id, o.id];
  admin = await ApiClient.login(t.baseUrl, a.email, a.password);
  anna = await ApiClient.login(t.baseUrl, m.email, m.password);
  operator = await ApiClient.login(t.baseUrl, o.email, o.password);
});
afterAll(async () => {
  await t?.close();
});

it('a manager takes a new lead; it shows in their working leads and in «my work»; a second take is 409 naming them', async () => {
  const { id, campaignId } = await makeLead(t.ds);
  const before = await anna.get('/stats/my-work');
  expect(before.status).toBe(200);
  const taken = await anna.post(`/leads/${id}/take`);
  expect(taken.status).toBe(200);
  expect(taken.json).toMatchObject({ id, status: 'in_progress', assigneeId: annaId });
  const again = await admin.post(`/leads/${id}/take`);
  expect(again.status).toBe(409);
  expect(again.json.error.message).toMatch(/^У этого лида уже есть ответственный: /);
  const mine = await anna.get(`/leads?assigneeId=${annaId}&status=working&campaignId=${campaignId}`);
  expect(mine.json.items.map((l: any) => l.id)).toEqual([id]);
  const after = await anna.get('/stats/my-work');
  expect(after.json.openLeads).toBe(before.json.openLeads + 1);
  expect(after.json).toEqual({ openLeads: expect.any(Number), conversionsThisMonth: expect.any(Number), revenueThisMonth: expect.stringMatching(/^\d+\.\d{2}$/) });
  const operatorTake = await operator.post(`/leads/${(await makeLead(t.ds)).id}/take`);
  expect(operatorTake.status).toBe(403);
});

it('assign by ids and by filter, unassign, the `none` filter; a closed lead or an operator as assignee changes nothing', async () => {
  const { id: campaignId } = await makeCampaign(t.ds);
  const leads = [await makeLead(t.ds, { campaignId }), await makeLead(t.ds, { campaignId }), { id: (await makeCustomer(t.ds, { campaignId })).leadId }];
  const snapshot = await fingerprint(t.ds);
  const closed = await admin.post('/leads/assign', { ids: leads.map((l) => l.id), assigneeId: annaId });
  expect(closed.status).toBe(409);
  const toOperator = await admin.post('/leads/assign', { ids: [leads[0].id], assigneeId: operatorId });
  expect(toOperator.status).toBe(422);
  expect(toOperator.json.error.message).toMatch(/только менеджер или администратор/);
  const unknown = await admin.post('/leads/assign', { ids: [leads[0].id], assigneeId: 999999 });
  expect(unknown.status).toBe(422);
  const emptyFilter = await admin.post('/leads/assign', { filter: {}, assigneeId: annaId });
  expect(emptyFilter.status).toBe(400);
  expect(await fingerprint(t.ds)).toBe(snapshot);

  const byIds = await admin.post('/leads/assign', { ids: [leads[0].id], assigneeId: annaId });
  expect(byIds.json).toEqual({ changed: 1 });
  const byFilter = await anna.post('/leads/assign', { filter: { campaignId, assigneeId: 'none' }, assigneeId: borisId });
  expect(byFilter.json).toEqual({ changed: 1 });
  expect((await admin.get(`/leads/${leads[1].id}`)).json.assigneeId).toBe(borisId);
  const none = await admin.get(`/leads?campaignId=${campaignId}&assigneeId=none`);
  expect(none.json.items.map((l: any) => l.id)).toEqual([leads[2].id]);
  const off = await anna.post('/leads/unassign', { filter: { campaignId, status: 'working' } });
  expect(off.json).toEqual({ changed: 2 });
  expect((await admin.get(`/leads?campaignId=${campaignId}&assigneeId=none`)).json.items).toHaveLength(3);
  expect((await admin.get('/leads?assigneeId=abc')).status).toBe(422);
});

it('the import spreads the file over the chosen managers in turn; an operator is refused as one', async () => {
  const { id: campaignId } = await makeCampaign(t.ds);
  const csv = `Фамилия;Имя;Телефон\n${[1, 2, 3, 4].map((i) => `Импортов;Лид${i};+7911000${String(Date.now()).slice(-3)}${i}`).join('\n')}\n`;
  const refused = await operator.call('POST', `/leads/import?campaignId=${campaignId}&assigneeIds=${annaId},${operatorId}`, csv, { 'content-type': 'text/csv' });
  expect(refused.status).toBe(422);
  expect(await t.ds.query(`SELECT id FROM leads WHERE campaign_id = $1`, [campaignId])).toEqual([]);
  const res = await operator.call('POST', `/leads/import?campaignId=${campaignId}&assigneeIds=${annaId},${borisId}`, csv, { 'content-type': 'text/csv' });
  expect(res.status).toBe(201);
  const rows = await t.ds.query(`SELECT first_name, assignee_id FROM leads WHERE campaign_id = $1 ORDER BY id`, [campaignId]);
  expect(rows.map((r: any) => r.assignee_id)).toEqual([annaId, borisId, annaId, borisId]);
});

it('an operator records a lead with a responsible manager; the customer inherits it', async () => {
  const { id: campaignId } = await makeCampaign(t.ds);
  const created = await operator.post('/leads', { lastName: 'Орлов', firstName: 'Олег', email: `orlov-${Date.now()}@example.com`, campaignId, assigneeId: annaId });
  expect(created.status).toBe(201);
  expect(created.json.assigneeId).toBe(annaId);
  const converted = await anna.post(`/leads/${created.json.id}/convert`, { name: 'Договор', startsOn: '2026-01-01', endsOn: '2026-12-31' });
  expect(converted.status).toBe(201);
  expect(converted.json.customer.assigneeId).toBe(annaId);
});

it('deactivating a manager who owns open leads is 409 until openLeadsTo says what to do', async () => {
  const c = await makeUser(t.ds, ['manager']);
  const { id } = await makeLead(t.ds);
  await t.ds.query(`UPDATE leads SET assignee_id = $1 WHERE id = $2`, [c.id, id]);
  const refused = await admin.patch(`/users/${c.id}`, { active: false });
  expect(refused.status).toBe(409);
  expect(refused.json.error.message).toMatch(/открытых лидов: 1/);
  const done = await admin.patch(`/users/${c.id}`, { active: false, openLeadsTo: borisId });
  expect(done.status).toBe(200);
  expect((await admin.get(`/leads/${id}`)).json.assigneeId).toBe(borisId);
});
