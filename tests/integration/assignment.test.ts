/**
 * The responsible manager of a lead (issue 13): take, assign, unassign, the assignee chosen at creation, the
 * customer inheriting it, and a manager's deactivation or deletion never leaving open leads silently orphaned.
 * Through the services, on the real database; refusals as the user reads them (Russian).
 */
import { assignLeads, takeLead, unassignLeads, type AssignLimits, type LeadSelection } from '../../src/modules/leads/assignment.service.js';
import { convertLead } from '../../src/modules/customers/conversion.service.js';
import { createLead, listLeads } from '../../src/modules/leads/leads.service.js';
import type { Actor } from '../../src/modules/users/permissions.js';
import { deleteUsers, updateUser } from '../../src/modules/users/users.service.js';
import { describeEvents } from '../../src/modules/history/history.render.js';
import { recordHistory } from '../../src/modules/history/history.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeCustomer, makeLead, makeUser, type UnconvertedStatus } from '../support/factories.js';
import { Client } from '../support/http.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
}, 60_000);
afterAll(async () => {
  await t?.close();
});

async function user(roles: Actor['roles'], attrs: { active?: boolean } = {}): Promise<Actor & { fullName: string }> {
  const u = await makeUser(t.ds, roles, attrs);
  const [{ full_name }] = await t.ds.query(`SELECT full_name FROM users WHERE id = $1`, [u.id]);
  return { id: u.id, email: u.email, roles, fullName: full_name };
}
// The services with the app's limits (MAX_BULK_ASSIGN_LEADS), unless a case gives its own.
const assign = (actor: Actor, selection: LeadSelection, input: unknown, limits: AssignLimits = t.config.limits) => assignLeads(actor, selection, input, limits);
const unassign = (actor: Actor, selection: LeadSelection, limits: AssignLimits = t.config.limits) => unassignLeads(actor, selection, limits);
const lead = async (id: string) => (await t.ds.query(`SELECT status::text AS status, assignee_id FROM leads WHERE id = $1`, [id]))[0];

describe('take', () => {
  it('a manager takes a new lead: it is theirs and in progress; a second manager is told who took it', async () => {
    const [anna, boris] = [await user(['manager']), await user(['manager'])];
    const { id } = await makeLead(t.ds);
    const taken = await takeLead(anna, id);
    expect([taken.assigneeId, taken.status]).toEqual([anna.id, 'in_progress']);
    await expect(takeLead(boris, id)).rejects.toMatchObject({ code: 'conflict', message: `У этого лида уже есть ответственный: ${anna.fullName}` });
    expect(await lead(id)).toEqual({ status: 'in_progress', assignee_id: anna.id });
  });

  it('two managers pressing Take at once: one owner, the other told who', async () => {
    const [anna, boris] = [await user(['manager']), await user(['manager'])];
    const { id } = await makeLead(t.ds);
    const results = await Promise.allSettled([takeLead(anna, id), takeLead(boris, id)]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect([won.length, lost.length]).toEqual([1, 1]);
    const owner = (await lead(id)).assignee_id;
    expect(lost[0].reason.message).toBe(`У этого лида уже есть ответственный: ${owner === anna.id ? anna.fullName : boris.fullName}`);
  });

  it('a lead that is not new is refused, saying why; operators and marketers may not take', async () => {
    const anna = await user(['manager']);
    const leadIn = async (status: UnconvertedStatus | 'converted') => (status === 'converted' ? { id: (await makeCustomer(t.ds)).leadId } : makeLead(t.ds, { status }));
    for (const [status, text] of [['in_progress', 'уже в работе'], ['converted', 'уже переведён в клиенты'], ['lost', 'в отказе']] as const) {
      const { id } = await leadIn(status);
      await expect(takeLead(anna, id)).rejects.toMatchObject({ code: 'invalid_state', message: `Взять в работу можно только новый лид; этот ${text}` });
      expect((await lead(id)).assignee_id).toBeNull();
    }
    const { id } = await makeLead(t.ds);
    for (const roles of [['operator'], ['marketer']] as Actor['roles'][]) {
      await expect(takeLead(await user(roles), id)).rejects.toMatchObject({ code: 'forbidden' });
    }
    await expect(takeLead(anna, '999999999')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('assign and unassign', () => {
  it('an admin assigns chosen working leads in one go; a closed one among them refuses the whole request', async () => {
    const admin = await user(['admin']);
    const anna = await user(['manager']);
    const { id: campaignId } = await makeCampaign(t.ds);
    const working = [await makeLead(t.ds, { campaignId }), await makeLead(t.ds, { campaignId, status: 'in_progress' })];
    const converted = { id: (await makeCustomer(t.ds, { campaignId })).leadId };
    await expect(assign(admin, { ids: [...working.map((l) => l.id), converted.id] }, { assigneeId: anna.id })).rejects.toMatchObject({
      code: 'invalid_state',
      message: `Ответственного назначают только новым лидам и лидам в работе; среди выбранных есть закрытые (№${converted.id}). Ничего не изменено`,
    });
    for (const l of working) expect((await lead(l.id)).assignee_id).toBeNull();
    await expect(assign(admin, { ids: [working[0].id, '999999999'] }, { assigneeId: anna.id })).rejects.toMatchObject({ code: 'not_found' });
    expect((await lead(working[0].id)).assignee_id).toBeNull();

    expect(await assign(admin, { ids: working.map((l) => l.id) }, { assigneeId: anna.id })).toBe(2);
    // Assigning keeps the status: a new lead stays new until someone works on it.
    expect(await lead(working[0].id)).toEqual({ status: 'new', assignee_id: anna.id });
    expect(await lead(working[1].id)).toEqual({ status: 'in_progress', assignee_id: anna.id });
    expect(await unassign(anna, { ids: [working[0].id] })).toBe(1);
    expect((await lead(working[0].id)).assignee_id).toBeNull();
  });

  it('by a list filter: every working lead it matches, closed ones left alone; an empty filter is refused', async () => {
    const manager = await user(['manager']);
    const boris = await user(['manager']);
    const { id: campaignId } = await makeCampaign(t.ds);
    const leads = [await makeLead(t.ds, { campaignId }), await makeLead(t.ds, { campaignId }), await makeLead(t.ds, { campaignId, status: 'lost' })];
    expect(await assign(manager, { filter: { campaignId } }, { assigneeId: boris.id })).toBe(2);
    expect((await lead(leads[2].id)).assignee_id).toBeNull();
    const page = await listLeads(manager, { assigneeId: boris.id, status: 'working' });
    expect(page.items.map((l) => l.id).sort()).toEqual([leads[0].id, leads[1].id].sort());
    const none = await listLeads(manager, { campaignId, assigneeId: 'none' });
    expect(none.items.map((l) => l.id)).toEqual([leads[2].id]);
    await expect(assign(manager, { filter: {} }, { assigneeId: boris.id })).rejects.toMatchObject({ code: 'bad_request', message: 'Укажите лиды: список номеров или хотя бы одно условие фильтра' });
    // an order or a page size is no condition: it would still take every working lead
    await expect(assign(manager, { filter: { sort: '-id', limit: 10, search: '' } }, { assigneeId: boris.id })).rejects.toMatchObject({ code: 'bad_request' });
    expect(await unassign(manager, { filter: { campaignId, assigneeId: boris.id } })).toBe(2);
    expect((await listLeads(manager, { campaignId, assigneeId: 'none' })).items).toHaveLength(3);
  });

  it('only to an active manager or admin: an operator, a deactivated user or an unknown id is refused, nothing written', async () => {
    const admin = await user(['admin']);
    const operator = await user(['operator']);
    const gone = await user(['manager'], { active: false });
    const { id } = await makeLead(t.ds);
    await expect(assign(admin, { ids: [id] }, { assigneeId: operator.id })).rejects.toMatchObject({
      code: 'validation', message: `Ответственным может быть только менеджер или администратор; ${operator.fullName} — нет`,
    });
    await expect(assign(admin, { ids: [id] }, { assigneeId: gone.id })).rejects.toMatchObject({
      code: 'validation', message: `Пользователь ${gone.fullName} отключён: ответственным его назначить нельзя`,
    });
    await expect(assign(admin, { ids: [id] }, { assigneeId: 999999 })).rejects.toMatchObject({ code: 'validation', message: 'Нет такого пользователя (№999999)' });
    await expect(assign(operator, { ids: [id] }, { assigneeId: admin.id })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(unassign(operator, { ids: [id] })).rejects.toMatchObject({ code: 'forbidden' });
    expect((await lead(id)).assignee_id).toBeNull();
    // An admin may be responsible too.
    expect(await assign(admin, { ids: [id] }, { assigneeId: admin.id })).toBe(1);
  });

  it('bulk assign of 10,000 leads is one statement, all or none', async () => {
    const admin = await user(['admin']);
    const anna = await user(['manager']);
    const { id: campaignId } = await makeCampaign(t.ds);
    await t.ds.query(
      `INSERT INTO leads (last_name, first_name, phone, campaign_id) SELECT 'Массов', 'Лид' || g, '+7900' || lpad(g::text, 7, '0'), $1 FROM generate_series(1, 10000) g`,
      [campaignId],
    );
    const ids: string[] = (await t.ds.query(`SELECT id::text AS id FROM leads WHERE campaign_id = $1 ORDER BY id`, [campaignId])).map((r: { id: string }) => r.id);
    await t.ds.query(`UPDATE leads SET status = 'lost', lost_reason = 'x' WHERE id = $1`, [ids[9999]]);
    await expect(assign(admin, { ids }, { assigneeId: anna.id })).rejects.toMatchObject({ code: 'invalid_state' });
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM leads WHERE assignee_id = $1`, [anna.id]))[0].n).toBe(0);
    expect(await assign(admin, { ids: ids.slice(0, 9999) }, { assigneeId: anna.id })).toBe(9999);
    expect((await t.ds.query(`SELECT count(*)::int AS n FROM leads WHERE assignee_id = $1`, [anna.id]))[0].n).toBe(9999);
  });

  it('more leads than MAX_BULK_ASSIGN_LEADS, by ids or by filter, is refused whole with the count chosen; the limit itself passes', async () => {
    const admin = await user(['admin']);
    const anna = await user(['manager']);
    const { id: campaignId } = await makeCampaign(t.ds);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await makeLead(t.ds, { campaignId })).id);
    const three: AssignLimits = { assignMax: 3 };
    const events = async () => (await t.ds.query(`SELECT count(*)::int AS n FROM record_events WHERE resource = 'leads' AND record_id = ANY($1)`, [ids]))[0].n;
    const assigned = async () => (await t.ds.query(`SELECT count(*)::int AS n FROM leads WHERE campaign_id = $1 AND assignee_id IS NOT NULL`, [campaignId]))[0].n;
    const tooMany = { code: 'bad_request', message: 'За один раз можно изменить не больше 3 лидов; выбрано 4' };

    await expect(assign(admin, { ids }, { assigneeId: anna.id }, three)).rejects.toMatchObject(tooMany);
    await expect(assign(admin, { filter: { campaignId } }, { assigneeId: anna.id }, three)).rejects.toMatchObject(tooMany);
    expect([await assigned(), await events()]).toEqual([0, 0]);

    expect(await assign(admin, { ids }, { assigneeId: anna.id }, { assignMax: 4 })).toBe(4);
    await expect(unassign(admin, { filter: { campaignId } }, three)).rejects.toMatchObject(tooMany);
    await expect(unassign(admin, { ids }, three)).rejects.toMatchObject(tooMany);
    expect([await assigned(), await events()]).toEqual([4, 4]);
    expect(await unassign(admin, { ids: ids.slice(0, 3) }, three)).toBe(3);
    expect(await assigned()).toBe(1);
  });
});

describe('creating and converting', () => {
  it('an operator records a lead with its responsible manager; the customer inherits it', async () => {
    const operator = await user(['operator']);
    const manager = await user(['manager']);
    const { id: campaignId } = await makeCampaign(t.ds);
    const created = await createLead(operator, { lastName: 'Петров', firstName: 'Пётр', phone: '+79120000001', campaignId, assigneeId: manager.id });
    expect(created.assigneeId).toBe(manager.id);
    await expect(createLead(operator, { lastName: 'Петров', firstName: 'Павел', phone: '+79120000002', campaignId, assigneeId: operator.id })).rejects.toMatchObject({
      code: 'validation', fields: { assigneeId: expect.anything() },
    });
    const { customer } = await convertLead(manager, created.id, { name: 'Договор', startsOn: '2026-01-01', endsOn: '2026-12-31' }, undefined, t.config.limits);
    expect(customer.assigneeId).toBe(manager.id);
    const [row] = await t.ds.query(`SELECT assignee_id FROM customers WHERE id = $1`, [customer.id]);
    expect(row.assignee_id).toBe(manager.id);
  });
});

describe('a manager who owns open leads', () => {
  it('deactivating asks what to do with them; handing over or leaving unassigned is done in the same change', async () => {
    const admin = await user(['admin']);
    const [anna, boris] = [await user(['manager']), await user(['manager'])];
    const { id: campaignId } = await makeCampaign(t.ds);
    const open = [await makeLead(t.ds, { campaignId }), await makeLead(t.ds, { campaignId })];
    const closed = await makeLead(t.ds, { campaignId, status: 'lost' });
    await assign(admin, { ids: open.map((l) => l.id) }, { assigneeId: anna.id });
    await t.ds.query(`UPDATE leads SET assignee_id = $1 WHERE id = $2`, [anna.id, closed.id]);

    await expect(updateUser(admin, anna.id, { active: false }, t.config.limits)).rejects.toMatchObject({
      code: 'conflict', message: `У пользователя ${anna.fullName} открытых лидов: 2. Укажите, кому их передать, или снимите с них назначение`,
    });
    expect((await t.ds.query(`SELECT active FROM users WHERE id = $1`, [anna.id]))[0].active).toBe(true);
    // Taking away the manager role is the same as deactivating.
    await expect(updateUser(admin, anna.id, { roles: ['operator'] }, t.config.limits)).rejects.toMatchObject({ code: 'conflict' });
    await expect(updateUser(admin, anna.id, { active: false, openLeadsTo: anna.id }, t.config.limits)).rejects.toMatchObject({ message: 'Нельзя передать лиды тому же пользователю' });

    await updateUser(admin, anna.id, { active: false, openLeadsTo: boris.id }, t.config.limits);
    for (const l of open) expect((await lead(l.id)).assignee_id).toBe(boris.id);
    // A closed lead keeps its manager: it is history, not work.
    expect((await lead(closed.id)).assignee_id).toBe(anna.id);

    await expect(deleteUsers(admin, [boris.id])).rejects.toMatchObject({ code: 'conflict' });
    await deleteUsers(admin, [boris.id], { openLeadsTo: 'none' });
    for (const l of open) expect((await lead(l.id)).assignee_id).toBeNull();
  });

  it('a manager without open leads is deactivated as before', async () => {
    const admin = await user(['admin']);
    const anna = await user(['manager']);
    expect((await updateUser(admin, anna.id, { active: false }, t.config.limits)).active).toBe(false);
  });
});

describe('in the panel', () => {
  it('deactivating a manager with open leads: the form says so beside «Его открытые лиды передать», then hands them over', async () => {
    const adminUser = await makeUser(t.ds, ['admin']);
    const client = new Client(t.baseUrl);
    expect((await client.login(adminUser.email, adminUser.password)).status).toBe(302);
    const anna = await user(['manager']);
    const boris = await user(['manager']);
    const { id } = await makeLead(t.ds);
    await t.ds.query(`UPDATE leads SET assignee_id = $1 WHERE id = $2`, [anna.id, id]);
    const form = { email: anna.email, fullName: anna.fullName, 'roles.0': 'manager', active: 'false' };
    const refused = await client.action('POST', `/resources/users/records/${anna.id}/edit`, form);
    const text = `У пользователя ${anna.fullName} открытых лидов: 1. Укажите, кому их передать, или снимите с них назначение`;
    expect(refused.json.notice).toEqual({ message: text, type: 'error' });
    expect(refused.json.record.errors.openLeadsTo.message).toBe(text);
    expect((await t.ds.query(`SELECT active FROM users WHERE id = $1`, [anna.id]))[0].active).toBe(true);

    const done = await client.action('POST', `/resources/users/records/${anna.id}/edit`, { ...form, openLeadsTo: String(boris.id) });
    expect(done.json.notice).toEqual(expect.objectContaining({ type: 'success' }));
    expect(await lead(id)).toEqual({ status: 'new', assignee_id: boris.id });
  });

  it('bulk «Назначить» with a closed lead among the chosen: an error notice, nothing changed', async () => {
    const manager = await makeUser(t.ds, ['manager']);
    const client = new Client(t.baseUrl);
    expect((await client.login(manager.email, manager.password)).status).toBe(302);
    const [a, b] = [await makeLead(t.ds), await makeLead(t.ds, { status: 'lost' })];
    const res = await client.action('POST', `/resources/leads/bulk/bulkAssign?recordIds=${a.id},${b.id}`, { assigneeId: String(manager.id) });
    expect(res.json.notice).toEqual({
      message: `Ответственного назначают только новым лидам и лидам в работе; среди выбранных есть закрытые (№${b.id}). Ничего не изменено`,
      type: 'error',
    });
    expect((await lead(a.id)).assignee_id).toBeNull();
  });
});

describe('history of the responsible manager', () => {
  const summaries = async (actor: Actor, id: string) =>
    (await describeEvents((await recordHistory(actor, 'leads', id, {})).items, 'ru')).map((l) => l.summary);
  const events = async (ids: string[]) =>
    (await t.ds.query(`SELECT count(*)::int AS n FROM record_events WHERE resource = 'leads' AND record_id = ANY($1)`, [ids]))[0].n;

  it('take, assign and unassign each read as a line of the lead\'s history, with names; a refused bulk assign records nothing', async () => {
    const [anna, boris] = [await user(['manager']), await user(['manager'])];
    const { id } = await makeLead(t.ds);
    await takeLead(anna, id);
    expect(await summaries(anna, id)).toEqual([`взял в работу: ответственный «${anna.fullName}»; статус «Новый» → «В работе»`]);
    await assign(anna, { ids: [id] }, { assigneeId: boris.id });
    await unassign(anna, { ids: [id] });
    expect((await summaries(anna, id)).slice(0, 2)).toEqual([
      `ответственный снят: ответственный «${boris.fullName}» → —`,
      `назначен ответственный: ответственный «${anna.fullName}» → «${boris.fullName}»`,
    ]);

    const open = await makeLead(t.ds);
    const lost = await makeLead(t.ds, { status: 'lost' });
    await expect(assign(anna, { ids: [open.id, lost.id] }, { assigneeId: boris.id })).rejects.toMatchObject({ code: 'invalid_state' });
    expect(await events([open.id, lost.id])).toBe(0);
  });

  it('a bulk assign by filter writes one event per lead whose manager changed; handing over a deactivated manager\'s leads too', async () => {
    const [anna, boris, admin] = [await user(['manager']), await user(['manager']), await user(['admin'])];
    const campaign = await makeCampaign(t.ds);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await makeLead(t.ds, { campaignId: campaign.id })).id);
    await assign(admin, { ids: [ids[0]] }, { assigneeId: anna.id });
    expect(await assign(admin, { filter: { campaignId: campaign.id } }, { assigneeId: anna.id })).toBe(3);
    // the lead already Anna's got no second event
    expect(await events(ids)).toBe(3);
    await updateUser(admin, anna.id, { active: false, openLeadsTo: boris.id }, t.config.limits);
    expect(await events(ids)).toBe(6);
    expect((await summaries(admin, ids[1]))[0]).toBe(`назначен ответственный: ответственный «${anna.fullName}» → «${boris.fullName}»`);
  });
});
