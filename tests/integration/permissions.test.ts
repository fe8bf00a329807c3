/**
 * The whole role × resource × action matrix of docs/product.md "Roles", driven over HTTP through the AdminJS API the
 * browser uses. The expected table is written out below on purpose (not imported from src): if the app's
 * permission table is wrong, this file says so.
 *
 * Every case builds its own records. An allowed action must succeed and leave its mark in the database; a refused
 * one must come back refused (AdminJS's ForbiddenError for a logged-in user, our guard's 401 for an anonymous
 * client), show no data, and change nothing in any business table.
 */
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign as makeCampaignIn, makeCustomer as makeCustomerIn, makeLead as makeLeadIn, makeService, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';
import { loginAs } from '../support/login.js';
import { dbSnapshot } from '../support/snapshot.js';

type Role = 'admin' | 'operator' | 'marketer' | 'manager';
type ResourceId = 'services' | 'campaigns' | 'leads' | 'contracts' | 'customers' | 'users';
type ActionName = 'list' | 'search' | 'show' | 'new' | 'edit' | 'delete' | 'bulkDelete' | 'launch' | 'finish' | 'take' | 'assign' | 'unassign' | 'bulkAssign';

const ALL: Role[] = ['admin', 'operator', 'marketer', 'manager'];
const NOBODY: Role[] = [];

/**
 * docs/product.md "Roles", one line per resource/action. `search` (autocomplete) reads like `list`;
 * `bulkDelete` deletes like `delete`. Customers are created only by converting a lead: no new/edit/delete for anybody.
 */
const SPEC: Record<ResourceId, Partial<Record<ActionName, Role[]>>> = {
  users: {
    list: ['admin'], search: ['admin'], show: ['admin'],
    new: ['admin'], edit: ['admin'], delete: ['admin'], bulkDelete: ['admin'],
  },
  services: {
    list: ALL, search: ALL, show: ALL,
    new: ['admin', 'marketer'], edit: ['admin', 'marketer'], delete: ['admin', 'marketer'], bulkDelete: ['admin', 'marketer'],
  },
  campaigns: {
    list: ALL, search: ALL, show: ALL,
    new: ['admin', 'marketer'], edit: ['admin', 'marketer'], delete: ['admin', 'marketer'], bulkDelete: ['admin', 'marketer'],
    launch: ['admin', 'marketer'], finish: ['admin', 'marketer'],
  },
  leads: {
    list: ALL, search: ALL, show: ALL,
    new: ['admin', 'operator'], edit: ['admin', 'operator', 'manager'], delete: ['admin', 'operator'], bulkDelete: ['admin', 'operator'],
    // the responsible manager (issue 13): take a new lead, assign (one or chosen leads), unassign
    take: ['admin', 'manager'], assign: ['admin', 'manager'], unassign: ['admin', 'manager'], bulkAssign: ['admin', 'manager'],
  },
  contracts: {
    list: ['admin', 'manager'], search: ['admin', 'manager'], show: ['admin', 'manager'],
    new: ['admin', 'manager'], edit: ['admin', 'manager'], delete: ['admin', 'manager'], bulkDelete: ['admin', 'manager'],
  },
  customers: {
    list: ['admin', 'manager'], search: ['admin', 'manager'], show: ['admin', 'manager'],
    new: NOBODY, edit: NOBODY, delete: NOBODY, bulkDelete: NOBODY,
  },
};

/** Who acts: each role alone, users holding two roles (the union of rights), and nobody logged in. */
const ACTORS: Record<string, Role[] | null> = {
  admin: ['admin'],
  operator: ['operator'],
  marketer: ['marketer'],
  manager: ['manager'],
  'operator+marketer': ['operator', 'marketer'],
  'operator+manager': ['operator', 'manager'],
  anonymous: null,
};

const TABLES = ['services', 'campaigns', 'leads', 'customers', 'contracts', 'users'] as const;

let t: TestApp;
const clients: Record<string, Client> = {};

let seq = 0;
const uniq = (prefix: string) => `${prefix}-${process.pid}-${++seq}`;

// ---------------------------------------------------------------------------------------------------------------
// How to build a record of each resource, a valid body for new/edit, and how to see their effect in the database.

interface Made {
  id: string;
  /** The record's title (what list shows and search looks for), unique in this file. */
  title: string;
}

interface Fixture {
  table: (typeof TABLES)[number];
  titleProperty: string;
  make(): Promise<Made>;
  /** A valid body for `new`, and the SQL condition (with $1 = `key`) that finds the created row. */
  newBody(): Promise<{ body: Record<string, unknown>; key: string; where: string }>;
  /** A valid body for `edit` of `made`, and what the row must look like afterwards. */
  editBody(made: Made): Promise<{ body: Record<string, unknown>; check: (row: Record<string, any>) => void }>;
}

const makeCampaign = (attrs: { status: 'draft' | 'active' | 'finished'; name?: string }) => makeCampaignIn(t.ds, attrs);
const makeLead = () => makeLeadIn(t.ds);
const makeCustomer = () => makeCustomerIn(t.ds);

async function one(sql: string, params: unknown[] = []): Promise<Record<string, any> | undefined> {
  const rows = await t.ds.query(sql, params);
  return rows[0];
}

const FIXTURES: Record<ResourceId, Fixture> = {
  services: {
    table: 'services',
    titleProperty: 'name',
    async make() {
      const name = uniq('Услуга');
      const { id } = await makeService(t.ds, { name });
      return { id: String(id), title: name };
    },
    async newBody() {
      const name = uniq('Новая услуга');
      return { body: { name, price: '100.00', description: 'Описание' }, key: name, where: `name = $1 AND price = 100.00 AND description = 'Описание'` };
    },
    async editBody() {
      const name = uniq('Изменённая услуга');
      return {
        body: { name, price: '200.00', description: 'Изменено' },
        check: (row) => expect({ name: row.name, price: row.price, description: row.description }).toEqual({ name, price: '200.00', description: 'Изменено' }),
      };
    },
  },
  campaigns: {
    table: 'campaigns',
    titleProperty: 'name',
    async make() {
      // A draft without leads: it can be edited, deleted and launched.
      const name = uniq('Кампания');
      const { id } = await makeCampaign({ name, status: 'draft' });
      return { id: String(id), title: name };
    },
    async newBody() {
      const name = uniq('Новая кампания');
      const service = await makeService(t.ds);
      return {
        body: { name, serviceId: String(service.id), channel: 'search', budget: '10.00' },
        key: name,
        where: `name = $1 AND service_id = ${service.id} AND channel = 'search' AND budget = 10.00 AND status = 'draft'`,
      };
    },
    async editBody() {
      const name = uniq('Изменённая кампания');
      const service = await makeService(t.ds);
      return {
        body: { name, serviceId: String(service.id), channel: 'search', budget: '20.00' },
        check: (row) => expect({ name: row.name, serviceId: row.service_id, budget: row.budget }).toEqual({ name, serviceId: service.id, budget: '20.00' }),
      };
    },
  },
  leads: {
    table: 'leads',
    titleProperty: 'fullName',
    async make() {
      const { id } = await makeLead();
      const firstName = uniq('Лид');
      await t.ds.query(`UPDATE leads SET first_name = $2 WHERE id = $1`, [id, firstName]);
      const row = await one(`SELECT full_name FROM leads WHERE id = $1`, [id]);
      return { id, title: row!.full_name };
    },
    async newBody() {
      const firstName = uniq('Новый');
      const campaign = await makeCampaign({ status: 'active' });
      return {
        body: { lastName: 'Петров', firstName, phone: '8 (912) 345-67-89', campaignId: String(campaign.id) },
        key: firstName,
        where: `first_name = $1 AND last_name = 'Петров' AND phone = '+79123456789' AND campaign_id = ${campaign.id}`,
      };
    },
    async editBody() {
      const firstName = uniq('Изменённый');
      const campaign = await makeCampaign({ status: 'active' });
      return {
        body: { lastName: 'Сидоров', firstName, phone: '8 (912) 345-67-89', campaignId: String(campaign.id) },
        check: (row) =>
          expect({ lastName: row.last_name, firstName: row.first_name, phone: row.phone, campaignId: row.campaign_id }).toEqual({
            lastName: 'Сидоров', firstName, phone: '+79123456789', campaignId: campaign.id,
          }),
      };
    },
  },
  contracts: {
    table: 'contracts',
    titleProperty: 'name',
    async make() {
      const { contractId } = await makeCustomer();
      const name = uniq('Договор');
      await t.ds.query(`UPDATE contracts SET name = $2 WHERE id = $1`, [contractId, name]);
      return { id: String(contractId), title: name };
    },
    async newBody() {
      const name = uniq('Новый договор');
      const customer = await makeCustomer();
      const service = await makeService(t.ds);
      return {
        body: { name, customerId: String(customer.id), serviceId: String(service.id), amount: '10.00', signedOn: '2026-01-01', startsOn: '2026-01-01', endsOn: '2026-02-01' },
        key: name,
        where: `name = $1 AND customer_id = ${customer.id} AND service_id = ${service.id} AND amount = 10.00 AND starts_on = '2026-01-01' AND ends_on = '2026-02-01'`,
      };
    },
    async editBody() {
      const name = uniq('Изменённый договор');
      const customer = await makeCustomer();
      const service = await makeService(t.ds);
      return {
        body: { name, customerId: String(customer.id), serviceId: String(service.id), amount: '20.00', signedOn: '2026-01-01', startsOn: '2026-01-01', endsOn: '2026-02-01' },
        check: (row) =>
          expect({ name: row.name, customerId: row.customer_id, serviceId: row.service_id, amount: row.amount }).toEqual({
            name, customerId: customer.id, serviceId: service.id, amount: '20.00',
          }),
      };
    },
  },
  customers: {
    table: 'customers',
    titleProperty: 'displayName',
    async make() {
      const { id } = await makeCustomer();
      const name = uniq('Клиент');
      await t.ds.query(`UPDATE customers SET display_name = $2 WHERE id = $1`, [id, name]);
      return { id: String(id), title: name };
    },
    async newBody() {
      // What a panel form would send; nobody may create a customer this way (leads become customers by conversion).
      const name = uniq('Новый клиент');
      const lead = await makeLead();
      return { body: { displayName: name, leadId: lead.id }, key: name, where: `display_name = $1` };
    },
    async editBody() {
      const name = uniq('Изменённый клиент');
      return { body: { displayName: name }, check: (row) => expect(row.display_name).toBe(name) };
    },
  },
  users: {
    table: 'users',
    titleProperty: 'fullName',
    async make() {
      // A fresh operator: never the acting user, never the last administrator.
      const { id } = await makeUser(t.ds, ['operator']);
      const fullName = uniq('Сотрудник');
      await t.ds.query(`UPDATE users SET full_name = $2 WHERE id = $1`, [id, fullName]);
      return { id: String(id), title: fullName };
    },
    async newBody() {
      const email = `${uniq('new')}@example.com`;
      return {
        body: { email, fullName: 'Новый сотрудник', 'roles.0': 'operator', password: 'longpassword1' },
        key: email,
        where: `email = $1 AND full_name = 'Новый сотрудник' AND roles::text[] = ARRAY['operator'] AND active`,
      };
    },
    async editBody(made) {
      const fullName = uniq('Изменённый сотрудник');
      const email = `${uniq('edited')}@example.com`;
      return {
        body: { email, fullName, 'roles.0': 'marketer', password: 'longpassword1' },
        check: (row) =>
          expect({ id: String(row.id), email: row.email, fullName: row.full_name, roles: row.roles_text }).toEqual({ id: made.id, email, fullName, roles: ['marketer'] }),
      };
    },
  },
};

const rowOf = async (table: string, id: string) => one(`SELECT *, ${table === 'users' ? 'roles::text[] AS roles_text' : 'NULL AS roles_text'} FROM ${table} WHERE id = $1`, [id]);

/** Every business table, row by row: a refused action must leave all of it exactly as it was. */
const snapshot = () => dbSnapshot(t.ds, TABLES);

// ---------------------------------------------------------------------------------------------------------------
// Each action: build what it needs, the request, and (when allowed) the effect it must have.

interface Prepared {
  /** The request(s) to send; all must be refused when the action is refused, all must succeed when allowed. */
  requests: { method: 'GET' | 'POST'; path: string; body?: unknown }[];
  /** Asserts the effect of an allowed action on the answers and in the database. */
  allowed(answers: { status: number; json: any }[]): Promise<void>;
}

const hasRecord = (records: any[] | undefined, id: string) => (records ?? []).map((r) => String(r.id)).includes(id);

const ACTIONS: Record<ActionName, (resource: ResourceId, fx: Fixture) => Promise<Prepared>> = {
  async list(resource, fx) {
    const made = await fx.make();
    return {
      requests: [{ method: 'GET', path: `/resources/${resource}/actions/list?perPage=500&sortBy=id&direction=desc` }],
      async allowed([{ json }]) {
        expect(hasRecord(json.records, made.id)).toBe(true);
      },
    };
  },
  async search(resource, fx) {
    const made = await fx.make();
    const q = encodeURIComponent(made.title);
    return {
      // What the panel's reference pickers call, and the older route AdminJS still serves to the same action.
      requests: [
        { method: 'GET', path: `/resources/${resource}/actions/search/${q}` },
        { method: 'GET', path: `/resources/${resource}/search/${q}` },
      ],
      async allowed(answers) {
        for (const { json } of answers) expect(hasRecord(json.records, made.id)).toBe(true);
      },
    };
  },
  async show(resource, fx) {
    const made = await fx.make();
    return {
      requests: [{ method: 'GET', path: `/resources/${resource}/records/${made.id}/show` }],
      async allowed([{ json }]) {
        expect(String(json.record.id)).toBe(made.id);
        expect(json.record.params[fx.titleProperty]).toBe(made.title);
      },
    };
  },
  async new(resource, fx) {
    const { body, key, where } = await fx.newBody();
    return {
      requests: [{ method: 'POST', path: `/resources/${resource}/actions/new`, body }],
      async allowed([{ json }]) {
        expect(json.notice).toEqual(expect.objectContaining({ type: 'success' }));
        const rows = await t.ds.query(`SELECT id FROM ${fx.table} WHERE ${where}`, [key]);
        expect(rows).toHaveLength(1);
      },
    };
  },
  async edit(resource, fx) {
    const made = await fx.make();
    const { body, check } = await fx.editBody(made);
    return {
      // The GET fills the edit form with the record's data: refused along with the POST.
      requests: [
        { method: 'GET', path: `/resources/${resource}/records/${made.id}/edit` },
        { method: 'POST', path: `/resources/${resource}/records/${made.id}/edit`, body },
      ],
      async allowed([, { json }]) {
        expect(json.notice).toEqual(expect.objectContaining({ type: 'success' }));
        check((await rowOf(fx.table, made.id))!);
      },
    };
  },
  async delete(resource, fx) {
    const made = await fx.make();
    return {
      requests: [{ method: 'POST', path: `/resources/${resource}/records/${made.id}/delete` }],
      async allowed([{ json }]) {
        expect(json.notice).toEqual(expect.objectContaining({ type: 'success' }));
        expect(await rowOf(fx.table, made.id)).toBeUndefined();
      },
    };
  },
  async bulkDelete(resource, fx) {
    const a = await fx.make();
    const b = await fx.make();
    return {
      requests: [{ method: 'POST', path: `/resources/${resource}/bulk/bulkDelete?recordIds=${a.id},${b.id}` }],
      async allowed([{ json }]) {
        expect(json.notice).toEqual(expect.objectContaining({ type: 'success' }));
        expect(await rowOf(fx.table, a.id)).toBeUndefined();
        expect(await rowOf(fx.table, b.id)).toBeUndefined();
      },
    };
  },
  async launch() {
    const { id } = await makeCampaign({ status: 'draft' });
    return {
      requests: [{ method: 'POST', path: `/resources/campaigns/records/${id}/launch` }],
      async allowed([{ json }]) {
        expect(json.notice).toEqual(expect.objectContaining({ type: 'success' }));
        const row = await rowOf('campaigns', String(id));
        expect(row!.status).toBe('active');
        expect(row!.launched_at).not.toBeNull();
      },
    };
  },
  async take() {
    const { id } = await makeLead();
    return {
      requests: [{ method: 'POST', path: `/resources/leads/records/${id}/take` }],
      async allowed([{ json }]) {
        expect(json.notice).toEqual(expect.objectContaining({ type: 'success' }));
        const row = await rowOf('leads', id);
        expect(row!.status).toBe('in_progress');
        expect(row!.assignee_id).not.toBeNull();
      },
    };
  },
  async assign() {
    const { id } = await makeLead();
    const manager = await makeUser(t.ds, ['manager']);
    return {
      requests: [{ method: 'POST', path: `/resources/leads/records/${id}/assign`, body: { assigneeId: String(manager.id) } }],
      async allowed([{ json }]) {
        expect(json.notice).toEqual(expect.objectContaining({ type: 'success' }));
        expect((await rowOf('leads', id))!.assignee_id).toBe(manager.id);
      },
    };
  },
  async unassign() {
    const { id } = await makeLead();
    const manager = await makeUser(t.ds, ['manager']);
    await t.ds.query(`UPDATE leads SET assignee_id = $1 WHERE id = $2`, [manager.id, id]);
    return {
      requests: [{ method: 'POST', path: `/resources/leads/records/${id}/unassign` }],
      async allowed([{ json }]) {
        expect(json.notice).toEqual(expect.objectContaining({ type: 'success' }));
        expect((await rowOf('leads', id))!.assignee_id).toBeNull();
      },
    };
  },
  async bulkAssign() {
    const [a, b] = [await makeLead(), await makeLead()];
    const manager = await makeUser(t.ds, ['manager']);
    return {
      requests: [{ method: 'POST', path: `/resources/leads/bulk/bulkAssign?recordIds=${a.id},${b.id}`, body: { assigneeId: String(manager.id) } }],
      async allowed([{ json }]) {
        expect(json.notice).toEqual(expect.objectContaining({ type: 'success' }));
        for (const l of [a, b]) expect((await rowOf('leads', l.id))!.assignee_id).toBe(manager.id);
      },
    };
  },
  async finish() {
    const { id } = await makeCampaign({ status: 'active' });
    return {
      requests: [{ method: 'POST', path: `/resources/campaigns/records/${id}/finish` }],
      async allowed([{ json }]) {
        expect(json.notice).toEqual(expect.objectContaining({ type: 'success' }));
        const row = await rowOf('campaigns', String(id));
        expect(row!.status).toBe('finished');
        expect(row!.finished_at).not.toBeNull();
      },
    };
  },
};

// ---------------------------------------------------------------------------------------------------------------
// The matrix.

interface Case {
  actor: string;
  resource: ResourceId;
  action: ActionName;
  expected: 'allowed' | 'refused';
}

const CASES: Case[] = [];
for (const [actor, roles] of Object.entries(ACTORS)) {
  for (const [resource, actions] of Object.entries(SPEC) as [ResourceId, Partial<Record<ActionName, Role[]>>][]) {
    for (const [action, who] of Object.entries(actions) as [ActionName, Role[]][]) {
      const allowed = !!roles && roles.some((r) => who.includes(r));
      CASES.push({ actor, resource, action, expected: allowed ? 'allowed' : 'refused' });
    }
  }
}

const originalLog = console.log;

/** Logs every named actor in once (its own user), for the whole file. */
beforeAll(async () => {
  t = await startTestApp();
  // AdminJS prints a deprecation line on each call of the older search route; keep the test output readable.
  console.log = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('Using ApiController#search is deprecated')) return;
    originalLog(...args);
  };
  for (const [actor, roles] of Object.entries(ACTORS)) {
    clients[actor] = roles ? await loginAs(t, roles) : new Client(t.baseUrl);
  }
});
afterAll(async () => {
  console.log = originalLog;
  await t?.close();
});

test('the matrix covers every actor × resource × action', () => {
  expect(CASES).toHaveLength(Object.keys(ACTORS).length * (6 * 7 + 2 + 4));
});

describe.each(Object.keys(ACTORS))('%s', (actor) => {
  test.each(CASES.filter((c) => c.actor === actor))('$resource :: $action → $expected', async ({ resource, action, expected }) => {
    const client = clients[actor];
    const prepared = await ACTIONS[action](resource, FIXTURES[resource]);
    const before = expected === 'refused' ? await snapshot() : null;

    const answers: { status: number; json: any }[] = [];
    for (const r of prepared.requests) answers.push(await client.action(r.method, r.path, r.body));

    if (expected === 'allowed') {
      // Compared as one object so that a failure shows what the app answered.
      for (const a of answers) {
        const { status, json } = a;
        const failed = json?.notice?.type === 'error';
        expect({ status, error: json?.error, baseError: json?.record?.baseError ?? null, notice: failed ? json.notice : undefined, errors: failed ? json.record?.errors : undefined }).toEqual({
          status: 200, error: undefined, baseError: null, notice: undefined, errors: undefined,
        });
      }
      await prepared.allowed(answers);
      return;
    }

    for (const a of answers) {
      if (ACTORS[actor] === null) {
        expect(a.status).toBe(401);
        expect(a.json).toEqual({ error: expect.objectContaining({ code: 'unauthenticated' }) });
      } else if (a.status === 403 && a.json?.error) {
        // A POST is refused before its body is read (src/admin/bodies.ts), in the error shape.
        expect(a.json).toEqual({ error: expect.objectContaining({ code: 'forbidden' }) });
      } else {
        // AdminJS answers a refusal with 200 and the error in the record.
        expect({ status: [200, 403].includes(a.status) ? 'refused' : a.status, error: a.json?.error, type: a.json?.record?.baseError?.type }).toEqual({
          status: 'refused', error: undefined, type: 'ForbiddenError',
        });
        // Nothing of the records leaks with the refusal.
        expect(a.json.records ?? []).toEqual([]);
        expect(a.json.record?.params ?? {}).toEqual({});
      }
    }
    expect(await snapshot()).toEqual(before);
  });
});

