import type { DataSource } from 'typeorm';
import type { Action, ResourceId } from '../../src/modules/users/permissions.js';
import { makeCampaign, makeCustomer, makeLead, makeService, makeUser } from '../support/factories.js';
import { PDF } from './helpers.js';

/** One valid call per endpoint, with fresh data each time: the matrix and the contract test both use these. */
export interface Case {
  method: string;
  path: (ds: DataSource) => Promise<string>;
  body?: (ds: DataSource) => Promise<unknown>;
  permission: [ResourceId, Action];
  ok: number;
}

let n = 0;
const uniq = () => `${Date.now().toString(36)}-${++n}`;
const id = async (p: Promise<{ id: number | string }>) => String((await p).id);
/** A small CSV file of leads (unique e-mails), for the import endpoints. */
const csv = () => `Фамилия;Имя;E-mail\nПетров;Пётр;imp-${uniq()}@example.com\nСидоров;Иван;imp-${uniq()}@example.com\n`;
/** An import batch of a launched campaign with one imported lead and one rejected row. */
const makeBatch = async (ds: DataSource) => {
  const campaign = await makeCampaign(ds, { status: 'active' });
  const [b] = await ds.query(`INSERT INTO import_batches (campaign_id, file_name, rows, created, invalid) VALUES ($1, 'leads.csv', 2, 1, 1) RETURNING id`, [campaign.id]);
  const lead = await makeLead(ds, { campaignId: campaign.id, email: `batch-${uniq()}@example.com` });
  await ds.query(`UPDATE leads SET import_batch_id = $1 WHERE id = $2`, [b.id, lead.id]);
  await ds.query(`INSERT INTO import_batch_errors (batch_id, line, reason, last_name, first_name) VALUES ($1, 3, 'Нет телефона и e-mail', 'Иванов', 'Иван')`, [b.id]);
  return { batchId: String(b.id), campaignId: campaign.id };
};
const makeLeadWithEmail = async (ds: DataSource) => {
  const email = `dup-${uniq()}@example.com`;
  await makeLead(ds, { email });
  return { email };
};
const contractBody = (serviceId: number, customerId: number) => ({
  name: `Договор ${uniq()}`, serviceId, customerId, amount: '100.00', signedOn: '2026-01-01', startsOn: '2026-01-01', endsOn: '2026-12-31',
});

/** The same fields as multipart/form-data with a PDF in `document`. */
const withDocument = (fields: Record<string, string | number>) => {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, String(v));
  form.set('document', new Blob([PDF], { type: 'application/pdf' }), `Договор ${uniq()}.pdf`);
  return form;
};

export const CASES: Case[] = [
  { method: 'GET', path: async () => '/services', permission: ['services', 'list'], ok: 200 },
  { method: 'POST', path: async () => '/services', body: async () => ({ name: `Услуга ${uniq()}`, price: '10.00' }), permission: ['services', 'new'], ok: 201 },
  { method: 'GET', path: async (ds) => `/services/${await id(makeService(ds))}`, permission: ['services', 'show'], ok: 200 },
  { method: 'PATCH', path: async (ds) => `/services/${await id(makeService(ds))}`, body: async () => ({ price: '99.90' }), permission: ['services', 'edit'], ok: 200 },
  { method: 'DELETE', path: async (ds) => `/services/${await id(makeService(ds))}`, permission: ['services', 'delete'], ok: 204 },

  { method: 'GET', path: async () => '/campaigns', permission: ['campaigns', 'list'], ok: 200 },
  {
    method: 'POST', path: async () => '/campaigns', permission: ['campaigns', 'new'], ok: 201,
    body: async (ds) => ({ name: `Кампания ${uniq()}`, serviceId: (await makeService(ds)).id, channel: 'social', budget: 1000 }),
  },
  { method: 'GET', path: async (ds) => `/campaigns/${await id(makeCampaign(ds))}`, permission: ['campaigns', 'show'], ok: 200 },
  { method: 'PATCH', path: async (ds) => `/campaigns/${await id(makeCampaign(ds))}`, body: async () => ({ budget: '7000' }), permission: ['campaigns', 'edit'], ok: 200 },
  { method: 'DELETE', path: async (ds) => `/campaigns/${await id(makeCampaign(ds, { status: 'draft' }))}`, permission: ['campaigns', 'delete'], ok: 204 },
  { method: 'POST', path: async (ds) => `/campaigns/${await id(makeCampaign(ds, { status: 'draft' }))}/launch`, permission: ['campaigns', 'launch'], ok: 200 },
  { method: 'POST', path: async (ds) => `/campaigns/${await id(makeCampaign(ds, { status: 'active' }))}/finish`, permission: ['campaigns', 'finish'], ok: 200 },

  { method: 'GET', path: async () => '/leads?limit=5', permission: ['leads', 'list'], ok: 200 },
  {
    method: 'POST', path: async () => '/leads', permission: ['leads', 'new'], ok: 201,
    body: async (ds) => ({ lastName: 'Петров', firstName: 'Пётр', email: `p-${uniq()}@example.com`, campaignId: (await makeCampaign(ds)).id }),
  },
  { method: 'GET', path: async (ds) => `/leads/${await id(makeLead(ds))}`, permission: ['leads', 'show'], ok: 200 },
  { method: 'PATCH', path: async (ds) => `/leads/${await id(makeLead(ds))}`, body: async () => ({ notes: 'перезвонить' }), permission: ['leads', 'edit'], ok: 200 },
  { method: 'DELETE', path: async (ds) => `/leads/${await id(makeLead(ds))}`, permission: ['leads', 'delete'], ok: 204 },
  { method: 'GET', path: async (ds) => `/leads/${await id(makeLead(ds))}/convert`, permission: ['leads', 'convert'], ok: 200 },
  {
    method: 'POST', path: async (ds) => `/leads/${await id(makeLead(ds))}/convert`, permission: ['leads', 'convert'], ok: 201,
    body: async () => ({ name: 'Договор', startsOn: '2026-02-01', endsOn: '2026-12-31' }),
  },
  { method: 'POST', path: async (ds) => `/leads/${await id(makeLead(ds))}/lost`, body: async () => ({ reason: 'Дорого' }), permission: ['leads', 'markLost'], ok: 200 },
  { method: 'GET', path: async () => '/leads/assignees', permission: ['leads', 'list'], ok: 200 },
  { method: 'GET', path: async () => '/stats/my-work', permission: ['leads', 'list'], ok: 200 },
  { method: 'POST', path: async (ds) => `/leads/${await id(makeLead(ds))}/take`, permission: ['leads', 'take'], ok: 200 },
  {
    method: 'POST', path: async () => '/leads/assign', permission: ['leads', 'assign'], ok: 200,
    body: async (ds) => ({ ids: [await id(makeLead(ds)), await id(makeLead(ds))], assigneeId: (await makeUser(ds, ['manager'])).id }),
  },
  { method: 'POST', path: async () => '/leads/unassign', body: async (ds) => ({ ids: [await id(makeLead(ds))] }), permission: ['leads', 'unassign'], ok: 200 },

  { method: 'GET', path: async (ds) => `/leads/duplicates?email=${encodeURIComponent((await makeLeadWithEmail(ds)).email)}&phone=${encodeURIComponent('8 912 000-00-00')}`, permission: ['leads', 'list'], ok: 200 },
  {
    method: 'POST', path: async (ds) => `/leads/import?campaignId=${(await makeCampaign(ds, { status: 'active' })).id}`, permission: ['leads', 'import'], ok: 201,
    body: async () => new Blob([csv()], { type: 'text/csv' }),
  },
  {
    method: 'POST', path: async () => '/leads/import/preview', permission: ['leads', 'import'], ok: 200,
    body: async () => {
      const form = new FormData();
      form.append('delimiter', ';');
      form.append('file', new Blob([csv()], { type: 'text/csv' }), 'leads.csv');
      return form;
    },
  },
  { method: 'POST', path: async () => '/leads/import/undo', body: async (ds) => ({ campaignId: (await makeBatch(ds)).campaignId }), permission: ['leads', 'import'], ok: 200 },
  { method: 'GET', path: async (ds) => `/leads/import/batches/${(await makeBatch(ds)).batchId}/errors.csv`, permission: ['leads', 'import'], ok: 200 },

  { method: 'GET', path: async () => '/stats/campaigns?from=2020-01-01&status=active', permission: ['campaigns', 'list'], ok: 200 },
  { method: 'GET', path: async () => '/stats/timeline?bucket=week', permission: ['campaigns', 'list'], ok: 200 },
  { method: 'GET', path: async (ds) => (await makeCustomer(ds), '/stats/customers?limit=5'), permission: ['campaigns', 'list'], ok: 200 },

  { method: 'GET', path: async () => '/contracts', permission: ['contracts', 'list'], ok: 200 },
  {
    method: 'POST', path: async () => '/contracts', permission: ['contracts', 'new'], ok: 201,
    body: async (ds) => {
      const c = await makeCustomer(ds);
      return contractBody((await makeService(ds)).id, c.id);
    },
  },
  {
    method: 'POST', path: async () => '/contracts', permission: ['contracts', 'new'], ok: 201,
    body: async (ds) => {
      const c = await makeCustomer(ds);
      return withDocument(contractBody((await makeService(ds)).id, c.id));
    },
  },
  { method: 'PATCH', path: async (ds) => `/contracts/${(await makeCustomer(ds)).contractId}`, body: async () => withDocument({ amount: '3100' }), permission: ['contracts', 'edit'], ok: 200 },
  { method: 'GET', path: async (ds) => `/contracts/${(await makeCustomer(ds)).contractId}`, permission: ['contracts', 'show'], ok: 200 },
  { method: 'PATCH', path: async (ds) => `/contracts/${(await makeCustomer(ds)).contractId}`, body: async () => ({ amount: '3000.50' }), permission: ['contracts', 'edit'], ok: 200 },
  { method: 'DELETE', path: async (ds) => `/contracts/${(await makeCustomer(ds)).contractId}`, permission: ['contracts', 'delete'], ok: 204 },
  {
    method: 'GET', permission: ['contracts', 'download'], ok: 200,
    path: async (ds) => {
      const c = await makeCustomer(ds);
      const [d] = await ds.query(`INSERT INTO documents (file_name, content_type, size, data) VALUES ('a.pdf', 'application/pdf', $1, $2) RETURNING id`, [PDF.length, PDF]);
      await ds.query(`UPDATE contracts SET document_id = $1 WHERE id = $2`, [d.id, c.contractId]);
      return `/contracts/${c.contractId}/document`;
    },
  },

  { method: 'GET', path: async () => '/customers', permission: ['customers', 'list'], ok: 200 },
  { method: 'GET', path: async (ds) => `/customers/${(await makeCustomer(ds)).id}`, permission: ['customers', 'show'], ok: 200 },

  { method: 'GET', path: async () => '/users', permission: ['users', 'list'], ok: 200 },

  // Exports: reading, so the list's permission.
  { method: 'GET', path: async (ds) => (await makeService(ds), '/services/export?format=csv'), permission: ['services', 'list'], ok: 200 },
  { method: 'GET', path: async (ds) => `/campaigns/export?format=xlsx&serviceId=${(await makeCampaign(ds)).serviceId}`, permission: ['campaigns', 'list'], ok: 200 },
  { method: 'GET', path: async (ds) => `/leads/export?campaignId=${(await makeLead(ds)).campaignId}&sort=lastName`, permission: ['leads', 'list'], ok: 200 },
  { method: 'GET', path: async (ds) => (await makeCustomer(ds), '/customers/export?format=csv&delimiter=,'), permission: ['customers', 'list'], ok: 200 },
  { method: 'GET', path: async (ds) => `/contracts/export?format=xlsx&customerId=${(await makeCustomer(ds)).id}`, permission: ['contracts', 'list'], ok: 200 },
  { method: 'GET', path: async () => '/users/export?format=csv&sort=-id', permission: ['users', 'list'], ok: 200 },
  {
    method: 'POST', path: async () => '/users', permission: ['users', 'new'], ok: 201,
    body: async () => ({ email: `u-${uniq()}@example.com`, fullName: 'Новый', roles: ['operator'], password: 'long-password-1' }),
  },
  { method: 'GET', path: async (ds) => `/users/${(await makeUser(ds, ['operator'])).id}`, permission: ['users', 'show'], ok: 200 },
  { method: 'PATCH', path: async (ds) => `/users/${(await makeUser(ds, ['operator'])).id}`, body: async () => ({ fullName: 'Переименован' }), permission: ['users', 'edit'], ok: 200 },
  { method: 'DELETE', path: async (ds) => `/users/${(await makeUser(ds, ['operator'])).id}`, permission: ['users', 'delete'], ok: 204 },
  { method: 'GET', path: async (ds) => `/users/${(await makeUser(ds, ['operator'])).id}/tokens`, permission: ['users', 'show'], ok: 200 },
  { method: 'POST', path: async (ds) => `/users/${(await makeUser(ds, ['operator'])).id}/tokens`, body: async () => ({ name: 'интеграция' }), permission: ['users', 'edit'], ok: 201 },
  {
    method: 'DELETE', permission: ['users', 'edit'], ok: 204,
    path: async (ds) => {
      const u = await makeUser(ds, ['operator']);
      const [t] = await ds.query(`INSERT INTO api_tokens (user_id, name, token_hash, prefix) VALUES ($1, 't', md5(random()::text) || md5(random()::text), 'crm_x') RETURNING id`, [u.id]);
      return `/tokens/${t.id}`;
    },
  },
  // ---- history: each record's (whoever may show it), the journal (administrators) ----
  { method: 'GET', path: async (ds) => `/services/${await id(makeService(ds))}/history`, permission: ['services', 'show'], ok: 200 },
  { method: 'GET', path: async (ds) => `/campaigns/${await id(makeCampaign(ds))}/history`, permission: ['campaigns', 'show'], ok: 200 },
  { method: 'GET', path: async (ds) => `/leads/${await id(makeLead(ds))}/history`, permission: ['leads', 'show'], ok: 200 },
  { method: 'GET', path: async (ds) => `/contracts/${(await makeCustomer(ds)).contractId}/history`, permission: ['contracts', 'show'], ok: 200 },
  { method: 'GET', path: async (ds) => `/customers/${await id(makeCustomer(ds))}/history`, permission: ['customers', 'show'], ok: 200 },
  { method: 'GET', path: async (ds) => `/users/${(await makeUser(ds, ['operator'])).id}/history`, permission: ['users', 'show'], ok: 200 },
  { method: 'GET', path: async () => '/history?resource=leads&action=edit&limit=5', permission: ['users', 'journal'], ok: 200 },
];

