/**
 * The history of every record (docs/product.md "History"): each kind of change made through the services records
 * exactly its event, in the change's own transaction; a refused or rolled-back change records nothing; no secret
 * ever reaches the history; a deleted record's history stays; who may read which history.
 */
import { startTestApp, type TestApp } from '../support/app.js';
import { count, makeCampaign, makeCustomer, makeLead, makeService, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';
import { createCampaign, deleteCampaigns, finishCampaign, launchCampaign, updateCampaign } from '../../src/modules/campaigns/campaigns.service.js';
import { createContract, deleteContracts, updateContract } from '../../src/modules/contracts/contracts.service.js';
import { convertLead } from '../../src/modules/customers/conversion.service.js';
import { describeEvents, lineOf } from '../../src/modules/history/history.render.js';
import { listJournal, recordHistory } from '../../src/modules/history/history.service.js';
import { importLeads, undoLastImport } from '../../src/modules/import/import.service.js';
import { createLead, deleteLeads, markLeadLost, updateLead } from '../../src/modules/leads/leads.service.js';
import { createService, deleteServices, updateService } from '../../src/modules/services/services.service.js';
import type { Actor } from '../../src/modules/users/permissions.js';
import type { Role } from '../../src/modules/users/roles.js';
import { issueToken, revokeToken } from '../../src/modules/users/tokens.service.js';
import { createUser, deleteUsers, updateUser } from '../../src/modules/users/users.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

async function actor(roles: Role[], via: Actor['via'] = 'panel'): Promise<Actor> {
  const u = await makeUser(t.ds, roles);
  return { id: u.id, email: u.email, roles, via };
}

type Row = { id: string; actor_id: number | null; actor_name: string; actor_roles: string[]; via: string; resource: string; record_id: string; record_title: string; action: string; changes: unknown[]; meta: Record<string, unknown> };
const eventsOf = async (resource: string, id: string | number): Promise<Row[]> =>
  t.ds.query(`SELECT * FROM record_events WHERE resource = $1 AND record_id = $2 ORDER BY id`, [resource, String(id)]);
const total = () => count(t.ds, 'record_events');
const file = (text: string) => (async function* () {
  yield Buffer.from(text, 'utf8');
})();

describe('each change records exactly its event', () => {
  it('a lead: created, edited field by field (one event per save, nothing when nothing changed), marked lost, deleted; readable after deletion', async () => {
    const operator = await actor(['operator']);
    const manager = await actor(['manager']);
    const { id: campaignId } = await makeCampaign(t.ds, { name: 'Весна' });
    const lead = await createLead(operator, { lastName: 'Иванова', firstName: 'Анна', phone: '8 912 345-67-89', campaignId });
    let events = await eventsOf('leads', lead.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'create', via: 'panel', actor_id: operator.id, actor_roles: ['operator'], record_title: 'Иванова Анна' });
    expect(events[0].changes).toEqual(expect.arrayContaining([{ field: 'lastName', from: null, to: 'Иванова' }, { field: 'phone', from: null, to: '+79123456789' }, { field: 'status', from: null, to: 'new' }]));

    const before = await total();
    await updateLead(manager, lead.id, { status: 'in_progress', phone: '+7 912 345-67-80', notes: '' });
    expect(await total()).toBe(before + 1);
    events = await eventsOf('leads', lead.id);
    expect(events[1]).toMatchObject({ action: 'edit', actor_id: manager.id });
    expect(events[1].changes).toEqual([
      { field: 'phone', from: '+79123456789', to: '+79123456780' },
      { field: 'status', from: 'new', to: 'in_progress' },
    ]);
    // The same values again: no change, no event.
    await updateLead(manager, lead.id, { status: 'in_progress', phone: '+79123456780' });
    expect(await total()).toBe(before + 1);

    await markLeadLost(manager, lead.id, { reason: 'Дорого' });
    events = await eventsOf('leads', lead.id);
    expect(events[2]).toMatchObject({ action: 'markLost' });
    expect(events[2].changes).toEqual([{ field: 'status', from: 'in_progress', to: 'lost' }, { field: 'lostReason', from: null, to: 'Дорого' }]);

    await deleteLeads(operator, [lead.id]);
    events = await eventsOf('leads', lead.id);
    expect(events[3]).toMatchObject({ action: 'delete', record_title: 'Иванова Анна' });
    // The record is gone, its history is not: the page of it still reads, in Russian, by name.
    const page = await recordHistory(manager, 'leads', lead.id, {});
    expect(page.items.map((e) => e.action)).toEqual(['delete', 'markLost', 'edit', 'create']);
    const lines = (await describeEvents(page.items, 'ru')).map(lineOf);
    expect(lines[2]).toMatch(/^\d\d\.\d\d\.\d{4} \d\d:\d\d — Тестовый m\. \d+\. \(менеджер\): телефон \+79123456789 → \+79123456780; статус «Новый» → «В работе»$/);
    expect(lines[3]).toContain('рекламная кампания «Весна»');
    const en = (await describeEvents(page.items, 'en')).map(lineOf);
    expect(en[2]).toContain('(manager): phone +79123456789 → +79123456780; status «New» → «In progress»');
  });

  it('a service and a campaign: create, edit (money shown as money, a reference by name), launch, finish, delete', async () => {
    const marketer = await actor(['marketer']);
    const service = await createService(marketer, { name: 'SEO', price: '1000' });
    await updateService(marketer, service.id, { price: '1500.5' });
    const other = await createService(marketer, { name: 'Реклама', price: '10' });
    const campaign = await createCampaign(marketer, { name: 'Лето', serviceId: service.id, channel: 'search', budget: '5000' });
    await updateCampaign(marketer, campaign.id, { serviceId: other.id, channel: 'social' });
    await launchCampaign(marketer, campaign.id);
    await finishCampaign(marketer, campaign.id);
    expect((await eventsOf('services', service.id)).map((e) => [e.action, e.changes])).toEqual([
      ['create', [{ field: 'name', from: null, to: 'SEO' }, { field: 'price', from: null, to: '1000.00' }]],
      ['edit', [{ field: 'price', from: '1000.00', to: '1500.50' }]],
    ]);
    const events = await eventsOf('campaigns', campaign.id);
    expect(events.map((e) => e.action)).toEqual(['create', 'edit', 'launch', 'finish']);
    expect(events[2].changes).toEqual([{ field: 'status', from: 'draft', to: 'active' }]);
    const lines = (await describeEvents((await recordHistory(marketer, 'campaigns', String(campaign.id), {})).items, 'ru', '₽')).map((l) => l.summary);
    expect(lines).toEqual([
      'завершение: статус «Активна» → «Завершена»',
      'запуск: статус «Черновик» → «Активна»',
      'услуга «SEO» → «Реклама»; канал продвижения «Контекстная реклама» → «Социальные сети»',
      expect.stringContaining('создание: название «Лето»; услуга «SEO»; канал продвижения «Контекстная реклама»; бюджет 5\u00a0000,00 ₽'),
    ]);
    const serviceLines = (await describeEvents((await recordHistory(marketer, 'services', String(service.id), {})).items, 'ru', '₽')).map((l) => l.summary);
    expect(serviceLines[0]).toBe('цена 1\u00a0000,00 ₽ → 1\u00a0500,50 ₽');

    const draft = await createCampaign(marketer, { name: 'Осень', serviceId: service.id, channel: 'email', budget: '1' });
    await deleteCampaigns(marketer, [draft.id]);
    expect((await eventsOf('campaigns', draft.id)).map((e) => [e.action, e.record_title])).toEqual([['create', 'Осень'], ['delete', 'Осень']]);
  });

  it('a conversion: the lead, the new customer and its first contract, in one go', async () => {
    const manager = await actor(['manager']);
    const { id: leadId } = await makeLead(t.ds, { status: 'in_progress' });
    const before = await total();
    const { customer, contract } = await convertLead(manager, leadId, { name: 'Договор 1', startsOn: '2026-01-01', endsOn: '2026-12-31' }, undefined, t.config.limits);
    expect(await total()).toBe(before + 3);
    const [lead] = await eventsOf('leads', leadId);
    expect(lead).toMatchObject({ action: 'convert', changes: [{ field: 'status', from: 'in_progress', to: 'converted' }], meta: { customerId: customer.id, contractId: contract.id } });
    expect((await eventsOf('customers', customer.id))[0]).toMatchObject({ action: 'convert', meta: { leadId } });
    expect((await eventsOf('contracts', contract.id))[0]).toMatchObject({ action: 'create', record_title: 'Договор 1' });
    const [line] = await describeEvents((await recordHistory(manager, 'leads', leadId, {})).items, 'ru');
    expect(line.summary).toMatch(/^перевод в клиенты: клиент «Иванов Иван\d+», контракт «Договор 1»; статус «В работе» → «Стал клиентом»$/);
  });

  it('a contract: edited with its document attached, then replaced (file names, not ids); deleted', async () => {
    const manager = await actor(['manager']);
    const { id: customerId } = await makeCustomer(t.ds);
    const { id: serviceId } = await makeService(t.ds);
    const contract = await createContract(manager, { name: 'К-1', customerId, serviceId, amount: '100', signedOn: '2026-01-01', startsOn: '2026-01-01', endsOn: '2026-02-01' }, undefined, t.config.limits);
    const pdf = (name: string) => ({ name, size: 20, buffer: Buffer.from('%PDF-1.4\n%%EOF\n' + name) });
    await updateContract(manager, contract.id, { amount: '200' }, pdf('one.pdf'), t.config.limits);
    await updateContract(manager, contract.id, {}, pdf('two.pdf'), t.config.limits);
    await deleteContracts(manager, [contract.id]);
    const events = await eventsOf('contracts', contract.id);
    expect(events.map((e) => [e.action, e.changes])).toEqual([
      ['create', expect.any(Array)],
      ['edit', [{ field: 'amount', from: '100.00', to: '200.00' }, { field: 'document', from: null, to: 'one.pdf' }]],
      ['edit', [{ field: 'document', from: 'one.pdf', to: 'two.pdf' }]],
      ['delete', []],
    ]);
    expect(events[1].meta).toEqual({ document: 'attached' });
    expect(events[2].meta).toEqual({ document: 'replaced' });
  });

  it('users: roles, activation, a new password (no value at all), tokens issued and revoked (no secret, hash or prefix)', async () => {
    const admin = await actor(['admin']);
    const user = await createUser(admin, { email: 'h1@example.com', fullName: 'Петров Пётр', roles: ['operator'], password: 'a-long-password' }, t.config.limits);
    await updateUser(admin, user.id, { roles: ['operator', 'manager'], active: false, password: 'another-password-1' }, t.config.limits);
    const { token, secret } = await issueToken(admin, { userId: user.id, name: 'Сайт' });
    await revokeToken(admin, token.id);
    await revokeToken(admin, token.id); // already revoked: nothing changes, nothing recorded
    const events = await eventsOf('users', user.id);
    expect(events.map((e) => e.action)).toEqual(['create', 'edit', 'tokenIssue', 'tokenRevoke']);
    expect(events[1].changes).toEqual([{ field: 'roles', from: ['operator'], to: ['operator', 'manager'] }, { field: 'active', from: true, to: false }, { field: 'password' }]);
    expect(events[2].meta).toEqual({ tokenId: token.id, name: 'Сайт', expiresOn: null });
    const [{ hash, tokenHash }] = await t.ds.query(
      `SELECT u.password_hash AS hash, t.token_hash AS "tokenHash" FROM users u, api_tokens t WHERE u.id = $1 AND t.id = $2`, [user.id, token.id],
    );
    const all = JSON.stringify(await t.ds.query(`SELECT * FROM record_events`));
    for (const s of [hash, tokenHash, secret, secret.slice(0, 12), 'another-password-1', 'a-long-password']) expect(all).not.toContain(s);
    const lines = (await describeEvents((await recordHistory(admin, 'users', String(user.id), {})).items, 'ru')).map((l) => l.summary);
    expect(lines).toEqual([
      'отозван API-токен: «Сайт»',
      'выпущен API-токен: «Сайт»',
      'роли «Оператор» → «Оператор», «Менеджер»; активен да → нет; пароль изменён',
      expect.stringMatching(/^создание: /),
    ]);
    await deleteUsers(admin, [user.id]);
    expect((await eventsOf('users', user.id)).at(-1)).toMatchObject({ action: 'delete', record_title: 'Петров Пётр' });
  });

  it('an import is ONE event for its batch (file, counts) in its campaign\'s history, and so is its undo', async () => {
    const operator = await actor(['operator']);
    const { id: campaignId } = await makeCampaign(t.ds, { name: 'Импортная' });
    const before = await total();
    const csv = 'Фамилия;Имя;Телефон\nАлексеев;Олег;+79001110001\nБорисов;Иван;+79001110002\nВасильев;Пётр;не телефон\n';
    const summary = await importLeads(operator, file(csv), { campaignId, fileName: 'leads.csv' }, t.config.limits);
    expect(summary.created).toBe(2);
    expect(await total()).toBe(before + 1);
    const [event] = await eventsOf('campaigns', campaignId);
    expect(event).toMatchObject({ action: 'import', via: 'import', record_title: 'Импортная', meta: { batchId: summary.batchId, fileName: 'leads.csv', rows: 3, created: 2, duplicates: 0, invalid: 1, through: 'panel' } });
    // An imported lead's history starts with its batch.
    const [{ id: imported }] = await t.ds.query(`SELECT id::text FROM leads WHERE import_batch_id = $1 ORDER BY id LIMIT 1`, [summary.batchId]);
    const [first] = await describeEvents((await recordHistory(operator, 'leads', imported, {})).items, 'ru');
    expect(first.summary).toBe('импорт лидов: файл «leads.csv»: строк 3, создано 2, дублей 0, с ошибками 1');
    // A dry run writes nothing, not even history.
    await importLeads(operator, file(csv.replace(/7900111/g, '7900222')), { campaignId, fileName: 'x.csv', dryRun: 'true' }, t.config.limits);
    expect(await total()).toBe(before + 1);
    await undoLastImport(operator, { campaignId });
    const events = await eventsOf('campaigns', campaignId);
    expect(events.map((e) => [e.action, e.meta.deleted ?? null])).toEqual([['import', null], ['importUndo', 2]]);
    const [undo] = await describeEvents((await recordHistory(operator, 'campaigns', String(campaignId), { limit: 1 })).items, 'ru');
    expect(lineOf(undo)).toMatch(/, импорт: отмена импорта: удалено лидов: 2$/);
  });
});

describe('a refused or rolled-back change records nothing', () => {
  it('refusals by rule, by permission, by the database (a reference), and a bulk delete with one unknown id', async () => {
    const operator = await actor(['operator']);
    const marketer = await actor(['marketer']);
    const { leadId: converted } = await makeCustomer(t.ds);
    const { id: serviceId } = await makeService(t.ds);
    await makeCampaign(t.ds, { serviceId });
    const { id: leadId } = await makeLead(t.ds);
    const before = await total();
    await expect(updateLead(operator, converted, { status: 'new' })).rejects.toMatchObject({ code: 'invalid_state' });
    await expect(updateLead(marketer, leadId, { notes: 'x' })).rejects.toMatchObject({ code: 'forbidden' });
    await expect(deleteServices(marketer, [serviceId])).rejects.toMatchObject({ code: 'referenced' });
    await expect(deleteLeads(operator, [leadId, '999999999'])).rejects.toMatchObject({ code: 'not_found' });
    await expect(updateLead(operator, leadId, { email: 'not an e-mail' })).rejects.toMatchObject({ code: 'validation' });
    expect(await total()).toBe(before);
    expect(await count(t.ds, `leads WHERE id = ${Number(leadId)}`)).toBe(1);
  });
});

describe('concurrency', () => {
  it('twenty concurrent edits of one lead: twenty events whose old and new values chain without gaps', async () => {
    const operator = await actor(['operator']);
    const { id: leadId } = await makeLead(t.ds);
    await Promise.all(Array.from({ length: 20 }, (_, i) => updateLead(operator, leadId, { notes: `правка ${i}` })));
    const events = await eventsOf('leads', leadId);
    expect(events).toHaveLength(20);
    let previous: unknown = '';
    for (const e of events) {
      const [change] = e.changes as { field: string; from: unknown; to: unknown }[];
      expect(change.field).toBe('notes');
      expect(change.from).toBe(previous);
      previous = change.to;
    }
    expect((await t.ds.query(`SELECT notes FROM leads WHERE id = $1`, [leadId]))[0].notes).toBe(previous);
  });
});

describe('who may read which history', () => {
  it('a record\'s history goes with `show` of its resource; the journal is the administrators\'', async () => {
    const admin = await actor(['admin']);
    const marketer = await actor(['marketer']);
    const manager = await actor(['manager']);
    const { contractId, leadId } = await makeCustomer(t.ds);
    await expect(recordHistory(marketer, 'contracts', String(contractId), {})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(recordHistory(marketer, 'customers', '1', {})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(recordHistory(marketer, 'users', String(admin.id), {})).rejects.toMatchObject({ code: 'forbidden' });
    await expect(recordHistory(manager, 'contracts', String(contractId), {})).resolves.toMatchObject({ items: [] });
    await expect(recordHistory(marketer, 'leads', leadId, {})).resolves.toMatchObject({ items: [] });
    await expect(recordHistory(marketer, 'leads', '987654321', {})).rejects.toMatchObject({ code: 'not_found' });
    for (const who of [marketer, manager]) await expect(listJournal(who, {})).rejects.toMatchObject({ code: 'forbidden' });
    await updateService(admin, (await makeService(t.ds)).id, { name: 'Журнальная' });
    const journal = await listJournal(admin, { actorId: admin.id, resource: 'services', action: 'edit' });
    expect(journal.items.map((e) => e.recordTitle)).toEqual(['Журнальная']);
  });

  it('a record is named by its number: `007` is record 7, and the journal\'s record filter is that record, not every id holding its digits', async () => {
    const admin = await actor(['admin']);
    const { id: leadId } = await makeLead(t.ds);
    await updateLead(admin, `00${leadId}`, { notes: 'Через нули' });
    expect((await recordHistory(admin, 'leads', leadId, {})).items.map((e) => e.recordId)).toEqual([leadId]);
    expect((await recordHistory(admin, 'leads', `0${leadId}`, {})).items).toHaveLength(1);

    const short = await makeService(t.ds);
    // the next service's id starts with this one's digits (7 → 71)
    await t.ds.query(`SELECT setval(pg_get_serial_sequence('services', 'id'), $1)`, [short.id * 10]);
    const long = await makeService(t.ds);
    expect(String(long.id).startsWith(String(short.id))).toBe(true);
    for (const s of [short, long]) await updateService(admin, s.id, { name: `Услуга №${s.id}` });
    const a = new Client(t.baseUrl);
    const adminUser = await makeUser(t.ds, ['admin']);
    await a.login(adminUser.email, adminUser.password);
    const journal = await a.action('GET', `/resources/history/actions/list?filters.resource=services&filters.recordId=${short.id}`);
    expect(journal.json.records.map((r: any) => r.params.recordId)).toEqual([String(short.id)]);
    const padded = await a.action('GET', `/resources/history/actions/list?filters.resource=services&filters.recordId=0${short.id}`);
    expect(padded.json.records.map((r: any) => r.params.recordId)).toEqual([String(short.id)]);
  });

  it('the panel: a lead\'s page carries its history in the panel\'s language; the journal is listed for administrators only', async () => {
    const admin = await makeUser(t.ds, ['admin']);
    const marketer = await makeUser(t.ds, ['marketer']);
    const a = new Client(t.baseUrl);
    await a.login(admin.email, admin.password);
    const m = new Client(t.baseUrl);
    await m.login(marketer.email, marketer.password);
    const { id } = await makeLead(t.ds);
    const edit = await a.action('POST', `/resources/leads/records/${id}/edit`, { notes: 'Перезвонить' });
    expect(edit.json.notice.type).toBe('success');
    const show = await a.action('GET', `/resources/leads/records/${id}/show`);
    const history = JSON.parse(show.json.record.params.history);
    expect(history.items).toHaveLength(1);
    expect(history.items[0].line).toMatch(/^\d\d\.\d\d\.\d{4} \d\d:\d\d — Тестовый .*\(администратор\): комментарий — → «Перезвонить»$/);
    const journal = await a.action('GET', `/resources/history/actions/list?filters.resource=leads&filters.recordId=${id}`);
    expect(journal.json.records.map((r: any) => [r.params.action, r.params.recordTitle, r.params.summary])).toEqual([['edit', expect.stringMatching(/^Иванов Иван\d+$/), 'комментарий — → «Перезвонить»']]);
    expect(journal.json.records[0].params.who).toMatch(/\(администратор\)$/);
    // AdminJS answers a refusal with 200 and a ForbiddenError, and no records.
    const refused = await m.action('GET', '/resources/history/actions/list');
    expect(refused.json.records ?? []).toEqual([]);
    expect(refused.json.record?.baseError?.type).toBe('ForbiddenError');
  });
});
