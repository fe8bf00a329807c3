import type { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeCustomer, makeLead, makeUser } from '../support/factories.js';
import { Client } from '../support/http.js';
import { prng } from '../../src/shared/prng.js';
import { expectRollupExact } from '../support/rollup.js';

let t: TestApp;
let client: Client;

const CHANNELS = ['search', 'social', 'email', 'display', 'offline', 'referral', 'other'];
const STATUSES = ['draft', 'active', 'finished'];

const kopecks = (money: string) => {
  const [int, frac = ''] = money.split('.');
  const sign = int.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(int.replace('-', '')) * 100n + BigInt(frac.padEnd(2, '0')));
};

/** n / d rounded half away from zero to 4 decimals, exactly (BigInt), as the API promises. */
function ratio(n: bigint, d: bigint): number {
  const neg = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 20000n + ad) / (2n * ad); // floor(an/ad * 10^4 + 1/2)
  return Number(neg ? -q : q) / 10000;
}

interface Filter {
  from?: string;
  to?: string;
  channel?: string;
  status?: string;
}

/** The figures straight from the tables, computed here independently of the rollup. */
async function plainStatistics(ds: DataSource, f: Filter) {
  const params: unknown[] = [];
  const on: string[] = [];
  const where: string[] = [];
  if (f.from) on.push(`(l.created_at AT TIME ZONE 'Europe/Moscow')::date >= $${params.push(f.from)}::date`);
  if (f.to) on.push(`(l.created_at AT TIME ZONE 'Europe/Moscow')::date <= $${params.push(f.to)}::date`);
  if (f.channel) where.push(`c.channel::text = $${params.push(f.channel)}`);
  where.push(f.status ? `c.status::text = $${params.push(f.status)}` : `c.status <> 'draft'`);
  const rows: { id: number; name: string; channel: string; status: string; budget: string; leads: number; customers: number; revenue: string }[] = await ds.query(
    `SELECT c.id, c.name, c.channel::text, c.status::text, c.budget::text, count(l.id)::int AS leads, count(cu.id)::int AS customers,
            coalesce(sum(k.total), 0)::numeric(20,2)::text AS revenue
     FROM campaigns c
     LEFT JOIN leads l ON l.campaign_id = c.id ${on.map((x) => `AND ${x}`).join(' ')}
     LEFT JOIN customers cu ON cu.lead_id = l.id
     LEFT JOIN (SELECT customer_id, sum(amount) AS total FROM contracts GROUP BY customer_id) k ON k.customer_id = cu.id
     ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     GROUP BY c.id ORDER BY c.id`,
    params,
  );
  const figures = (leads: number, customers: number, revenue: bigint, budget: bigint) => ({
    leads,
    customers,
    conversion: leads === 0 ? 0 : ratio(BigInt(customers), BigInt(leads)),
    revenue: money(revenue),
    budget: money(budget),
    roi: budget === 0n || leads === 0 ? null : ratio(revenue - budget, budget),
  });
  const campaigns = rows.map((r) => ({
    campaignId: r.id,
    name: r.name,
    channel: r.channel,
    status: r.status,
    ...figures(r.leads, r.customers, kopecks(r.revenue), kopecks(r.budget)),
  }));
  const sum = (xs: bigint[]) => xs.reduce((a, b) => a + b, 0n);
  const totals = {
    campaigns: rows.length,
    ...figures(
      rows.reduce((a, r) => a + r.leads, 0),
      rows.reduce((a, r) => a + r.customers, 0),
      sum(rows.map((r) => kopecks(r.revenue))),
      sum(rows.map((r) => kopecks(r.budget))),
    ),
  };
  return { totals, campaigns };
}

function money(k: bigint): string {
  const neg = k < 0n;
  const a = neg ? -k : k;
  return `${neg ? '-' : ''}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

async function apiStatistics(f: Filter) {
  const q = new URLSearchParams(Object.entries(f).filter(([, v]) => v !== undefined) as [string, string][]);
  const res = await client.get(`/api/v1/stats/campaigns?${q}`);
  expect(res.status).toBe(200);
  const body = await res.json();
  return { totals: body.totals, campaigns: [...body.campaigns].sort((a: { campaignId: number }, b: { campaignId: number }) => a.campaignId - b.campaignId) };
}

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A random small world built with SQL: campaigns of every kind, leads over 60 days, conversions, edits, deletes. */
async function randomWorld(ds: DataSource, seed: number) {
  const r = prng(seed);
  await ds.query(`TRUNCATE contracts, customers, leads, import_batches, campaigns, services RESTART IDENTITY CASCADE`);
  const [{ id: serviceId }] = await ds.query(`INSERT INTO services (name, price) VALUES ('Услуга', 1000) RETURNING id`);
  const campaigns = r.int(3, 8);
  for (let i = 0; i < campaigns; i++) {
    const status = r.pick(STATUSES);
    const budget = r.next() < 0.25 ? '0.00' : `${r.int(0, 50000)}.${String(r.int(0, 99)).padStart(2, '0')}`;
    await ds.query(
      `INSERT INTO campaigns (name, service_id, channel, budget, status, launched_at, finished_at)
       VALUES ($1, $2, $3::campaign_channel, $4, $5::campaign_status, CASE WHEN $5 <> 'draft' THEN now() - interval '90 days' END, CASE WHEN $5 = 'finished' THEN now() END)`,
      [`=Кампания ${seed}-${i}`, serviceId, r.pick(CHANNELS), budget, status],
    );
  }
  const launched: number[] = (await ds.query(`SELECT id FROM campaigns WHERE status <> 'draft' ORDER BY id`)).map((x: { id: number }) => x.id);
  if (!launched.length) return;
  const now = Date.now();
  // Leads in one multi-row INSERT, and more through a staging table with INSERT … SELECT (the import path).
  const leadRows: string[] = [];
  const params: unknown[] = [];
  const leadsCount = r.int(10, 60);
  for (let i = 0; i < leadsCount; i++) {
    const at = new Date(now - r.int(0, 60 * 24) * 3_600_000).toISOString();
    leadRows.push(`('Петров', $${params.push(`Пётр${i}`)}, $${params.push(`p${seed}-${i}@example.com`)}, $${params.push(r.pick(launched))}, $${params.push(at)}::timestamptz)`);
  }
  await ds.query(`INSERT INTO leads (last_name, first_name, email, campaign_id, created_at) VALUES ${leadRows.join(', ')}`, params);
  await ds.query(`CREATE TEMP TABLE IF NOT EXISTS staging_leads (last_name text, first_name text, email text, campaign_id int, created_at timestamptz)`);
  await ds.query(`TRUNCATE staging_leads`);
  await ds.query(
    `INSERT INTO staging_leads SELECT 'Сидоров', 'Сидор' || g, 'imp${seed}-' || g || '@example.com', $1, now() - (g || ' hours')::interval FROM generate_series(1, $2) g`,
    [r.pick(launched), r.int(0, 30)],
  );
  await ds.query(`INSERT INTO leads (last_name, first_name, email, campaign_id, created_at) SELECT * FROM staging_leads`);

  const leadIds: string[] = (await ds.query(`SELECT id FROM leads ORDER BY id`)).map((x: { id: string }) => x.id);
  // Conversions: a customer and 1..3 contracts each, in one transaction like the Convert button.
  const converted: { customerId: number; leadId: string }[] = [];
  for (const leadId of leadIds) {
    if (r.next() > 0.35) continue;
    await ds.transaction(async (m) => {
      const [c] = await m.query(`INSERT INTO customers (display_name, lead_id) VALUES ('Клиент', $1) RETURNING id`, [leadId]);
      for (let k = r.int(1, 3); k > 0; k--) {
        await m.query(
          `INSERT INTO contracts (name, service_id, customer_id, amount, signed_on, starts_on, ends_on) VALUES ('Д', $1, $2, $3, '2026-01-01', '2026-01-01', '2026-02-01')`,
          [serviceId, c.id, `${r.int(1, 99999)}.${String(r.int(0, 99)).padStart(2, '0')}`],
        );
      }
      await m.query(`UPDATE leads SET status = 'converted' WHERE id = $1`, [leadId]);
      converted.push({ customerId: c.id, leadId });
    });
  }
  // Edits that move money or leads between campaigns and days.
  for (let i = r.int(0, 4); i > 0; i--) await ds.query(`DELETE FROM contracts WHERE id = (SELECT id FROM contracts ORDER BY random() LIMIT 1)`);
  for (let i = r.int(0, 4); i > 0; i--) await ds.query(`UPDATE contracts SET amount = amount + 0.01 * $1 WHERE id = (SELECT min(id) FROM contracts)`, [r.int(1, 500)]);
  for (let i = r.int(0, 3); i > 0; i--) {
    await ds.query(`UPDATE leads SET campaign_id = $1, created_at = created_at - ($2 || ' days')::interval WHERE id = $3`, [r.pick(launched), r.int(0, 10), r.pick(leadIds)]);
  }
  if (converted.length > 1) {
    // a contract moved to another customer; a customer re-pointed at another (unconverted) lead
    await ds.query(`UPDATE contracts SET customer_id = $1 WHERE id = (SELECT max(id) FROM contracts)`, [r.pick(converted).customerId]);
    const free = await ds.query(`SELECT id FROM leads WHERE NOT EXISTS (SELECT 1 FROM customers WHERE lead_id = leads.id) LIMIT 1`);
    if (free.length) await ds.query(`UPDATE customers SET lead_id = $1 WHERE id = $2`, [free[0].id, converted[0].customerId]);
  }
  // whole-table statements: every lead a few hours older; unconverted leads of one campaign deleted
  await ds.query(`UPDATE leads SET created_at = created_at - interval '5 hours' WHERE id % 2 = 0`);
  await ds.query(`DELETE FROM leads WHERE campaign_id = $1 AND NOT EXISTS (SELECT 1 FROM customers WHERE lead_id = leads.id)`, [r.pick(launched)]);
}

beforeAll(async () => {
  t = await startTestApp();
  const user = await makeUser(t.ds, ['operator']);
  client = new Client(t.baseUrl);
  expect((await client.login(user.email, user.password)).status).toBe(302);
});
afterAll(() => t.close());

describe('GET /api/v1/stats/campaigns', () => {
  it('refuses anonymous callers with 401 JSON', async () => {
    const res = await fetch(`${t.baseUrl}/api/v1/stats/campaigns`);
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe('unauthenticated');
    expect((await fetch(`${t.baseUrl}/api/v1/stats/timeline`)).status).toBe(401);
    expect((await fetch(`${t.baseUrl}/api/v1/stats/customers`)).status).toBe(401);
  });

  it('is open to every role', async () => {
    for (const role of ['admin', 'operator', 'marketer', 'manager'] as const) {
      const user = await makeUser(t.ds, [role]);
      const c = new Client(t.baseUrl);
      await c.login(user.email, user.password);
      expect((await c.get('/api/v1/stats/campaigns')).status).toBe(200);
    }
  });

  it('rejects bad filters with 422, never 500', async () => {
    for (const q of ['from=2026-13-01', 'to=yesterday', 'channel=tv', 'status=paused', 'from=2026-02-01&to=2026-01-01']) {
      const res = await client.get(`/api/v1/stats/campaigns?${q}`);
      expect(res.status).toBe(422);
      expect((await res.json()).error.code).toBe('validation');
    }
    expect((await client.get('/api/v1/stats/timeline?bucket=year')).status).toBe(422);
    expect((await client.get('/api/v1/stats/customers?limit=0')).status).toBe(422);
  });

  it('edge cases: no leads, zero budget, several contracts, a deleted contract, drafts', async () => {
    await t.ds.query(`TRUNCATE contracts, customers, leads, campaigns, services RESTART IDENTITY CASCADE`);
    const empty = await makeCampaign(t.ds, { budget: '1000.00', name: 'Пустая' });
    const draft = await makeCampaign(t.ds, { status: 'draft', budget: '300000.00', name: 'Черновик' });
    const free = await makeCampaign(t.ds, { budget: '0.00', name: 'Бесплатная' });
    const paid = await makeCampaign(t.ds, { budget: '3000.00', name: 'Платная', channel: 'social' });
    // free: 2 leads, one customer with two contracts (0.10 + 0.20 must be 0.30 exactly)
    const c1 = await makeCustomer(t.ds, { campaignId: free.id, amount: '0.10' });
    await makeLead(t.ds, { campaignId: free.id });
    await t.ds.query(`INSERT INTO contracts (name, service_id, customer_id, amount, signed_on, starts_on, ends_on) VALUES ('Второй', $1, $2, '0.20', '2026-01-01', '2026-01-01', '2026-01-02')`, [free.serviceId, c1.id]);
    // paid: 3 leads, one customer whose only contract was deleted, one with 4500.00
    const gone = await makeCustomer(t.ds, { campaignId: paid.id, amount: '999.99' });
    await makeCustomer(t.ds, { campaignId: paid.id, amount: '4500.00' });
    await makeLead(t.ds, { campaignId: paid.id, status: 'lost' });
    await t.ds.query(`DELETE FROM contracts WHERE id = $1`, [gone.contractId]);

    const body = await (await client.get('/api/v1/stats/campaigns')).json();
    const byId = Object.fromEntries(body.campaigns.map((c: { campaignId: number }) => [c.campaignId, c]));
    // no leads yet: no ROI (shown «—»), not −100 %
    expect(byId[empty.id]).toMatchObject({ name: 'Пустая', leads: 0, customers: 0, conversion: 0, revenue: '0.00', budget: '1000.00', roi: null });
    // a draft is not in the figures unless asked for: its 300 000.00 would have taken the total ROI to −98 %
    expect(byId[draft.id]).toBeUndefined();
    expect(byId[free.id]).toMatchObject({ leads: 2, customers: 1, conversion: 0.5, revenue: '0.30', budget: '0.00', roi: null });
    expect(byId[paid.id]).toMatchObject({ channel: 'social', status: 'active', leads: 3, customers: 2, conversion: 0.6667, revenue: '4500.00', budget: '3000.00', roi: 0.5 });
    expect(body.totals).toEqual({ campaigns: 3, leads: 5, customers: 3, conversion: 0.6, revenue: '4500.30', budget: '4000.00', roi: 0.1251 });
    expect(body.campaigns[0].campaignId).toBe(paid.id); // most leads first

    const social = await (await client.get('/api/v1/stats/campaigns?channel=social')).json();
    expect(social.campaigns.map((c: { campaignId: number }) => c.campaignId)).toEqual([paid.id]);
    const drafts = await (await client.get('/api/v1/stats/campaigns?status=draft')).json();
    expect(drafts.campaigns.map((c: { campaignId: number }) => c.campaignId)).toEqual([draft.id]);
    expect(drafts.totals).toEqual({ campaigns: 1, leads: 0, customers: 0, conversion: 0, revenue: '0.00', budget: '300000.00', roi: null });
    const none = await (await client.get('/api/v1/stats/campaigns?status=finished')).json();
    expect(none).toMatchObject({ campaigns: [], totals: { campaigns: 0, leads: 0, revenue: '0.00', roi: null } });

    const top = await (await client.get('/api/v1/stats/customers?limit=2')).json();
    expect(top.items.map((c: { salesVolume: string }) => c.salesVolume)).toEqual(['4500.00', '0.30']);
    expect(top.items[1]).toMatchObject({ customerId: c1.id, campaignId: free.id, campaignName: 'Бесплатная', contracts: 2 });
    await expectRollupExact(t.ds);

    // the campaign's own page shows its figures
    const show = await client.action('GET', `/resources/campaigns/records/${paid.id}/show`);
    expect(show.json.record.params).toMatchObject({ leadsCount: 3, statsCustomers: 2, statsConversion: 66.67, statsRevenue: '4500.00', statsRoi: 50 });
    const emptyShow = await client.action('GET', `/resources/campaigns/records/${empty.id}/show`);
    expect(emptyShow.json.record.params).toMatchObject({ leadsCount: 0, statsCustomers: 0, statsConversion: 0, statsRevenue: '0.00', statsRoi: null });
  });

  it('the period filter counts lead creation days in Moscow time, both ends inclusive', async () => {
    await t.ds.query(`TRUNCATE contracts, customers, leads, campaigns, services RESTART IDENTITY CASCADE`);
    const c = await makeCampaign(t.ds);
    const at = async (ts: string) => {
      const l = await makeLead(t.ds, { campaignId: c.id });
      await t.ds.query(`UPDATE leads SET created_at = $1 WHERE id = $2`, [ts, l.id]);
    };
    await at('2026-03-01T20:59:59Z'); // 23:59:59 on 1 March in Moscow
    await at('2026-03-01T21:00:00Z'); // 00:00 on 2 March in Moscow
    await at('2026-03-10T12:00:00Z');
    const leads = async (q: string) => (await (await client.get(`/api/v1/stats/campaigns?${q}`)).json()).totals.leads;
    expect(await leads('from=2026-03-01&to=2026-03-01')).toBe(1);
    expect(await leads('from=2026-03-02')).toBe(2);
    expect(await leads('to=2026-03-02')).toBe(2);
    expect(await leads('from=2026-03-02&to=2026-03-10')).toBe(2);
    expect(await leads('from=2026-03-11')).toBe(0);
    const month = await (await client.get('/api/v1/stats/timeline?bucket=month')).json();
    expect(month.points).toEqual([{ period: '2026-03-01', leads: 3, customers: 0, conversion: 0, revenue: '0.00' }]);
    const week = await (await client.get('/api/v1/stats/timeline?bucket=week')).json();
    expect(week.points.map((p: { period: string; leads: number }) => [p.period, p.leads])).toEqual([['2026-02-23', 1], ['2026-03-02', 1], ['2026-03-09', 1]]);
  });

  it('property: on random data sets the API equals plain SQL over the tables, for every filter', async () => {
    const today = Date.now();
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      await randomWorld(t.ds, seed);
      await expectRollupExact(t.ds);
      const r = prng(seed * 7919);
      const filters: Filter[] = [
        {},
        { from: isoDay(today - 30 * DAY) },
        { to: isoDay(today - r.int(0, 40) * DAY) },
        { from: isoDay(today - r.int(20, 70) * DAY), to: isoDay(today - r.int(0, 19) * DAY), channel: r.pick(CHANNELS) },
        { status: r.pick(STATUSES) },
        { from: isoDay(today - r.int(0, 10) * DAY), status: 'active' },
      ];
      for (const f of filters) {
        const [api, plain] = await Promise.all([apiStatistics(f), plainStatistics(t.ds, f)]);
        expect({ seed, f, ...api }).toEqual({ seed, f, ...plain });
      }
      // timeline by month over everything adds up to the totals
      const timeline = await (await client.get('/api/v1/stats/timeline?bucket=week')).json();
      const all = await plainStatistics(t.ds, {});
      expect(timeline.points.reduce((a: number, p: { leads: number }) => a + p.leads, 0)).toBe(all.totals.leads);
      expect(money(timeline.points.reduce((a: bigint, p: { revenue: string }) => a + kopecks(p.revenue), 0n))).toBe(all.totals.revenue);
      // top customers equal the plain per-customer sums
      const top = await (await client.get('/api/v1/stats/customers?limit=5')).json();
      const plainTop = await t.ds.query(`SELECT customer_id AS "customerId", sum(amount)::numeric(20,2)::text AS "salesVolume" FROM contracts GROUP BY 1 ORDER BY sum(amount) DESC, 1 LIMIT 5`);
      expect(top.items.map((c: { customerId: number; salesVolume: string }) => ({ customerId: c.customerId, salesVolume: c.salesVolume }))).toEqual(plainTop);
      const from = isoDay(today - 20 * DAY);
      const topRecent = await (await client.get(`/api/v1/stats/customers?limit=3&from=${from}&status=active`)).json();
      const plainRecent = await t.ds.query(
        `SELECT k.customer_id AS "customerId", sum(k.amount)::numeric(20,2)::text AS "salesVolume"
         FROM contracts k JOIN customers cu ON cu.id = k.customer_id JOIN leads l ON l.id = cu.lead_id JOIN campaigns c ON c.id = l.campaign_id
         WHERE (l.created_at AT TIME ZONE 'Europe/Moscow')::date >= $1 AND c.status = 'active'
         GROUP BY 1 ORDER BY sum(k.amount) DESC, 1 LIMIT 3`,
        [from],
      );
      expect(topRecent.items.map((c: { customerId: number; salesVolume: string }) => ({ customerId: c.customerId, salesVolume: c.salesVolume }))).toEqual(plainRecent);
    }
  });

  it('stays exact under concurrent conversions, contract edits, lead moves and imports', async () => {
    await randomWorld(t.ds, 42);
    const r = prng(4242);
    const launched: number[] = (await t.ds.query(`SELECT id FROM campaigns WHERE status <> 'draft'`)).map((x: { id: number }) => x.id);
    const [{ id: serviceId }] = await t.ds.query(`SELECT id FROM services LIMIT 1`);
    const ops = Array.from({ length: 40 }, (_, i) => async () => {
      const kind = i % 4;
      await t.ds.transaction(async (m) => {
        if (kind === 0) {
          const lead = await m.query(
            `SELECT id FROM leads l WHERE status = 'new' AND NOT EXISTS (SELECT 1 FROM customers cu WHERE cu.lead_id = l.id)
             ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED`,
          );
          if (!lead.length) return;
          const [c] = await m.query(`INSERT INTO customers (display_name, lead_id) VALUES ('К', $1) RETURNING id`, [lead[0].id]);
          await m.query(`INSERT INTO contracts (name, service_id, customer_id, amount, signed_on, starts_on, ends_on) VALUES ('Д', $1, $2, $3, '2026-01-01', '2026-01-01', '2026-01-01')`, [serviceId, c.id, `${r.int(1, 9999)}.99`]);
          await m.query(`UPDATE leads SET status = 'converted' WHERE id = $1`, [lead[0].id]);
        } else if (kind === 1) {
          await m.query(`INSERT INTO contracts (name, service_id, customer_id, amount, signed_on, starts_on, ends_on) SELECT 'Доп', $1, id, 10.01, '2026-01-01', '2026-01-01', '2026-01-01' FROM customers ORDER BY random() LIMIT 3`, [serviceId]);
        } else if (kind === 2) {
          await m.query(`UPDATE leads SET campaign_id = $1, created_at = created_at - interval '3 days' WHERE id IN (SELECT id FROM leads ORDER BY random() LIMIT 2)`, [r.pick(launched)]);
        } else {
          await m.query(`INSERT INTO leads (last_name, first_name, phone, campaign_id) SELECT 'Импорт', 'И' || g, '+7900' || lpad(g::text, 7, '0'), $1 FROM generate_series(1, 50) g`, [r.pick(launched)]);
        }
      }).catch((e: Error) => {
        // A deadlock, or a lead converted by a racing transaction, rolls the whole transaction back: still exact.
        if (!/deadlock detected|customers_lead_id_key/.test(e.message)) throw e;
      });
    });
    await Promise.all(ops.map((op) => op()));
    await expectRollupExact(t.ds);
    expect(await apiStatistics({})).toEqual(await plainStatistics(t.ds, {}));
  });

  it('TRUNCATE and deleting a campaign keep the rollup consistent', async () => {
    await randomWorld(t.ds, 7);
    await t.ds.query(`TRUNCATE contracts, customers CASCADE`);
    await expectRollupExact(t.ds);
    await t.ds.query(`TRUNCATE leads CASCADE`);
    await expectRollupExact(t.ds);
    const body = await (await client.get('/api/v1/stats/campaigns')).json();
    expect(body.totals.leads).toBe(0);
    await t.ds.query(`DELETE FROM campaigns`);
    expect((await (await client.get('/api/v1/stats/campaigns')).json()).campaigns).toEqual([]);
  });
});
