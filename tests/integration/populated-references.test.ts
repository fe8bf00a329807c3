/**
 * AdminJS sends each record with `populated.<reference>`: the referenced record as the panel shows it. A reader who
 * may not list the referenced resource (an operator and the user who created a lead) must get its title only, never
 * the record (the user's e-mail, roles, activity). Every resource × role, through the panel's own API, reading as the
 * browser does: list, show, and edit's form data. The tables below are written out from docs/product.md on purpose.
 */
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCustomer, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';
import { loginAs } from '../support/login.js';

type Role = 'admin' | 'operator' | 'marketer' | 'manager';
type Resource = 'services' | 'campaigns' | 'leads' | 'customers' | 'contracts' | 'users' | 'apiTokens';

/** Who may list each resource (docs/product.md "Roles"; API tokens are administered with the users). */
const LIST: Record<Resource, Role[]> = {
  services: ['admin', 'operator', 'marketer', 'manager'],
  campaigns: ['admin', 'operator', 'marketer', 'manager'],
  leads: ['admin', 'operator', 'marketer', 'manager'],
  customers: ['admin', 'manager'],
  contracts: ['admin', 'manager'],
  users: ['admin'],
  apiTokens: ['admin'],
};
const EDIT: Partial<Record<Resource, Role[]>> = {
  services: ['admin', 'marketer'],
  campaigns: ['admin', 'marketer'],
  leads: ['admin', 'operator', 'manager'],
  contracts: ['admin', 'manager'],
  users: ['admin'],
};

/** Every reference the panel populates, and the resource it points at. A populated field not listed here fails. */
const REFERENCES: Record<Resource, Record<string, Resource>> = {
  services: {},
  campaigns: { serviceId: 'services' },
  leads: { campaignId: 'campaigns', createdById: 'users', customerId: 'customers', assigneeId: 'users' },
  customers: { leadId: 'leads', convertedById: 'users', assigneeId: 'users' },
  contracts: { customerId: 'customers', serviceId: 'services' },
  users: {},
  apiTokens: { userId: 'users', createdById: 'users' },
};

const ACTORS: Record<string, Role[]> = {
  admin: ['admin'],
  operator: ['operator'],
  marketer: ['marketer'],
  manager: ['manager'],
  'operator+marketer': ['operator', 'marketer'],
  'operator+manager': ['operator', 'manager'],
};

const may = (roles: Role[], table: Partial<Record<Resource, Role[]>>, resource: Resource) => roles.some((r) => table[resource]?.includes(r));

let t: TestApp;
let authorEmail: string;
const clients: Record<string, Client> = {};

beforeAll(async () => {
  t = await startTestApp();
  const author = await makeUser(t.ds, ['admin', 'operator', 'manager']);
  authorEmail = author.email;
  const customer = await makeCustomer(t.ds);
  // The same user created the lead, is responsible for it, converted it and issued a token: every reference to a
  // user is filled.
  await t.ds.query(`UPDATE leads SET created_by_id = $1, assignee_id = $1`, [author.id]);
  await t.ds.query(`UPDATE customers SET converted_by_id = $1, assignee_id = $1 WHERE id = $2`, [author.id, customer.id]);
  await t.ds.query(`INSERT INTO api_tokens (user_id, created_by_id, name, token_hash, prefix) VALUES ($1, $1, 't', md5('a') || md5('b'), 'crm_x')`, [author.id]);
  for (const [name, roles] of Object.entries(ACTORS)) {
    clients[name] = await loginAs(t, roles);
  }
});
afterAll(() => t?.close());

describe('populated references show a reader only what their role may list', () => {
  const restricted = new Set<string>();
  const full = new Set<string>();

  for (const [actor, roles] of Object.entries(ACTORS)) {
    it(`${actor}: list, show and edit of every resource it may list`, async () => {
      const c = clients[actor];
      for (const resource of Object.keys(LIST) as Resource[]) {
        if (!may(roles, LIST, resource)) continue;
        const list = await c.action('GET', `/resources/${resource}/actions/list?perPage=50`);
        expect({ resource, status: list.status }).toEqual({ resource, status: 200 });
        expect({ resource, some: list.json.records.length > 0 }).toEqual({ resource, some: true });
        const seen = [...list.json.records];
        for (const r of list.json.records) {
          seen.push((await c.action('GET', `/resources/${resource}/records/${r.id}/show`)).json.record);
          if (may(roles, EDIT, resource)) seen.push((await c.action('GET', `/resources/${resource}/records/${r.id}/edit`)).json.record);
        }
        for (const record of seen) {
          for (const [field, populated] of Object.entries(record.populated ?? {}) as [string, any][]) {
            const target = REFERENCES[resource][field];
            expect({ resource, field, known: !!target }).toEqual({ resource, field, known: true });
            const where = `${actor}: ${resource}.${field} → ${target}`;
            if (may(roles, LIST, target)) {
              if (Object.keys(populated.params).length > 1) full.add(where);
            } else {
              restricted.add(where);
              expect({ where, params: populated.params, title: populated.title }).toEqual({ where, params: { id: expect.anything() }, title: expect.any(String) });
              expect({ where, leak: JSON.stringify(populated).includes(authorEmail) }).toEqual({ where, leak: false });
            }
          }
        }
      }
    });
  }

  it('covered the references the issue names, and kept whole records for readers who may list them', () => {
    for (const where of [
      'operator: leads.createdById → users',
      'marketer: leads.createdById → users',
      'manager: leads.createdById → users',
      'manager: customers.convertedById → users',
      'manager: customers.assigneeId → users',
      'operator: leads.assigneeId → users',
      'operator: leads.customerId → customers',
      'operator+marketer: leads.createdById → users',
    ]) {
      expect(restricted).toContain(where);
    }
    for (const where of ['admin: leads.createdById → users', 'admin: customers.convertedById → users', 'admin: apiTokens.userId → users', 'manager: contracts.customerId → customers', 'operator: leads.campaignId → campaigns']) {
      expect(full).toContain(where);
    }
  });
});
