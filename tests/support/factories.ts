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

export async function makeLead(ds: DataSource, attrs: { campaignId?: number; status?: string; phone?: string | null; email?: string | null } = {}) {
  const campaignId = attrs.campaignId ?? (await makeCampaign(ds)).id;
  const n = next();
  const [row] = await ds.query(
    `INSERT INTO leads (last_name, first_name, phone, email, campaign_id, status, lost_reason) VALUES ($1, $2, $3, $4, $5, $6::lead_status, $7) RETURNING id`,
    ['Иванов', `Иван${n}`, attrs.phone === undefined ? `+7912${String(1000000 + n).slice(-7)}` : attrs.phone, attrs.email === undefined ? `lead${n}@example.com` : attrs.email, campaignId, attrs.status ?? 'new', attrs.status === 'lost' ? 'Дорого' : null],
  );
  return { id: String(row.id), campaignId };
}

export async function makeCustomer(ds: DataSource, attrs: { leadId?: string; serviceId?: number; amount?: string } = {}) {
  const leadId = attrs.leadId ?? (await makeLead(ds, { status: 'converted' })).id;
  const [c] = await ds.query(`INSERT INTO customers (display_name, lead_id) VALUES ('Иванов Иван', $1) RETURNING id`, [leadId]);
  const serviceId = attrs.serviceId ?? (await makeService(ds)).id;
  const [k] = await ds.query(
    `INSERT INTO contracts (name, service_id, customer_id, amount, signed_on, starts_on, ends_on) VALUES ('Договор', $1, $2, $3, '2026-01-10', '2026-01-15', '2026-12-31') RETURNING id`,
    [serviceId, c.id, attrs.amount ?? '2500.00'],
  );
  return { id: c.id as number, leadId, contractId: k.id as number };
}

export async function count(ds: DataSource, table: string): Promise<number> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM ${table}`);
  return n;
}
