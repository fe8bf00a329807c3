import type { DataSource } from 'typeorm';
import { hashPassword } from '../../src/modules/users/passwords.js';
import type { Role } from '../../src/modules/users/roles.js';

let seq = 0;
const next = () => ++seq;

export const PASSWORD = 'correct-horse-42';

/** Test data inserted directly with SQL: each test builds what it needs, with unique names. */
export async function makeUser(ds: DataSource, roles: Role[], attrs: { email?: string; active?: boolean; password?: string } = {}) {
  const n = next();
  const email = attrs.email ?? `${roles.join('-')}-${n}@example.com`;
  const [row] = await ds.query(
    `INSERT INTO users (email, full_name, roles, password_hash, active) VALUES ($1, $2, $3::user_role[], $4, $5) RETURNING id`,
    [email, `Тестовый ${roles.join('+')} ${n}`, roles, await hashPassword(attrs.password ?? PASSWORD, 4), attrs.active ?? true],
  );
  return { id: row.id as number, email, password: attrs.password ?? PASSWORD, roles };
}

export async function makeService(ds: DataSource, attrs: { name?: string; price?: string } = {}) {
  const [row] = await ds.query(`INSERT INTO services (name, price) VALUES ($1, $2) RETURNING id`, [attrs.name ?? `Услуга ${next()}`, attrs.price ?? '1000.00']);
  return { id: row.id as number };
}

export async function makeCampaign(ds: DataSource, attrs: { serviceId?: number; status?: 'draft' | 'active' | 'finished'; budget?: string; name?: string; channel?: string } = {}) {
  const serviceId = attrs.serviceId ?? (await makeService(ds)).id;
  const status = attrs.status ?? 'active';
  const [row] = await ds.query(
    `INSERT INTO campaigns (name, service_id, channel, budget, status, launched_at, finished_at)
     VALUES ($1, $2, $3::campaign_channel, $4, $5::campaign_status, CASE WHEN $5::text <> 'draft' THEN now() - interval '1 day' END,
             CASE WHEN $5::text = 'finished' THEN now() END) RETURNING id`,
    [attrs.name ?? `Кампания ${next()}`, serviceId, attrs.channel ?? 'search', attrs.budget ?? '5000.00', status],
  );
  return { id: row.id as number, serviceId };
}

/** A lead that is not converted: a converted lead exists only with its customer, which makeCustomer builds. */
export type UnconvertedStatus = 'new' | 'in_progress' | 'lost';

/** A lead's contacts and name; each left out is made up (unique phone and e-mail, «Иванов ИванN»). */
export interface LeadAttrs {
  campaignId?: number;
  name?: { last: string; first: string; middle?: string | null };
  phone?: string | null;
  email?: string | null;
}

export async function makeLead(ds: DataSource, attrs: LeadAttrs & { status?: UnconvertedStatus } = {}) {
  return (await insertLead(ds, attrs)).lead;
}

async function insertLead(ds: DataSource, attrs: LeadAttrs & { status?: UnconvertedStatus | 'converted' }) {
  const campaignId = attrs.campaignId ?? (await makeCampaign(ds)).id;
  const n = next();
  const { last, first, middle = null } = attrs.name ?? { last: 'Иванов', first: `Иван${n}` };
  const [row] = await ds.query(
    `INSERT INTO leads (last_name, first_name, middle_name, phone, email, campaign_id, status, lost_reason) VALUES ($1, $2, $3, $4, $5, $6, $7::lead_status, $8) RETURNING id, full_name`,
    [last, first, middle, attrs.phone === undefined ? `+7912${String(1000000 + n).slice(-7)}` : attrs.phone, attrs.email === undefined ? `lead${n}@example.com` : attrs.email, campaignId, attrs.status ?? 'new', attrs.status === 'lost' ? 'Дорого' : null],
  );
  return { lead: { id: String(row.id), campaignId }, fullName: row.full_name as string };
}

/**
 * A customer as a conversion leaves it: its lead (in the campaign, with the name and contacts given; «Иванов Иван»
 * when no name is) converted, the customer named as the lead, and one contract for the amount.
 */
export async function makeCustomer(ds: DataSource, attrs: LeadAttrs & { serviceId?: number; amount?: string } = {}) {
  const { lead: { id: leadId, campaignId }, fullName } = await insertLead(ds, { campaignId: attrs.campaignId, name: attrs.name ?? { last: 'Иванов', first: 'Иван' }, phone: attrs.phone, email: attrs.email, status: 'converted' });
  const [c] = await ds.query(`INSERT INTO customers (display_name, lead_id) VALUES ($1, $2) RETURNING id`, [fullName, leadId]);
  const serviceId = attrs.serviceId ?? (await makeService(ds)).id;
  const [k] = await ds.query(
    `INSERT INTO contracts (name, service_id, customer_id, amount, signed_on, starts_on, ends_on) VALUES ('Договор', $1, $2, $3, '2026-01-10', '2026-01-15', '2026-12-31') RETURNING id`,
    [serviceId, c.id, attrs.amount ?? '2500.00'],
  );
  return { id: c.id as number, leadId, campaignId, contractId: k.id as number };
}

export async function count(ds: DataSource, table: string): Promise<number> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}
