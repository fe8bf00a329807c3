/**
 * `npm run bench -- stats [--small]`: the statistics of all campaigns, unfiltered and with a 90-day period, on
 * the large data set (BENCHMARKS.md). Measured server-side (the service the endpoint calls, 50 times) and end to
 * end over HTTP with a logged-in session; baselines in the same run: the plain GROUP BY over the tables and the
 * naive per-campaign ORM counting. Also checks that the figures equal the plain SQL to the kopeck, and what the
 * rollup's triggers cost a bulk import.
 */
import type { DataSource } from 'typeorm';
import { Campaign } from '../src/modules/campaigns/campaign.entity.js';
import { Lead } from '../src/modules/leads/lead.entity.js';
import { campaignStatistics, topCustomers } from '../src/modules/statistics/statistics.service.js';
import type { StatsFilter } from '../src/modules/statistics/statistics.types.js';
import type { Actor } from '../src/modules/users/permissions.js';
import { generateDataset } from './dataset.js';
import { startInProcessApp, type InProcessApp } from './harness.js';
import { emit, median, openBenchDatabase, percentile, round, runBench } from './support.js';

const SIZE = process.argv.includes('--small') ? 'small' : 'large';
const REQUESTS = 50;

async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function sample(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn(); // warm-up
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(await timeIt(fn));
  return xs;
}

/** The baseline: one GROUP BY straight over leads, customers and contracts. */
async function plainGroupBy(ds: DataSource, f: StatsFilter) {
  const params: unknown[] = [];
  const on: string[] = [];
  if (f.from) on.push(`AND l.created_at >= ($${params.push(f.from)}::date::timestamp AT TIME ZONE 'Europe/Moscow')`);
  if (f.to) on.push(`AND l.created_at < (($${params.push(f.to)}::date + 1)::timestamp AT TIME ZONE 'Europe/Moscow')`);
  return ds.query(
    `SELECT c.id AS "campaignId", count(l.id)::int AS leads, count(cu.id)::int AS customers, round(coalesce(sum(k.total), 0), 2)::text AS revenue, c.budget::text AS budget
     FROM campaigns c
     LEFT JOIN leads l ON l.campaign_id = c.id ${on.join(' ')}
     LEFT JOIN customers cu ON cu.lead_id = l.id
     LEFT JOIN (SELECT customer_id, sum(amount) AS total FROM contracts GROUP BY customer_id) k ON k.customer_id = cu.id
     WHERE c.status <> 'draft'
     GROUP BY c.id ORDER BY c.id`,
    params,
  );
}

/** The naive baseline: for each campaign, a count of leads, a count of customers and a sum of contracts through the ORM. */
async function naivePerCampaign(ds: DataSource, f: StatsFilter) {
  const campaigns = await ds.getRepository(Campaign).find({ order: { id: 'ASC' } });
  const out = [];
  for (const c of campaigns) {
    const period = (qb: ReturnType<DataSource['createQueryBuilder']>) => {
      if (f.from) qb.andWhere(`l.created_at >= (:from::date::timestamp AT TIME ZONE 'Europe/Moscow')`, { from: f.from });
      if (f.to) qb.andWhere(`l.created_at < ((:to::date + 1)::timestamp AT TIME ZONE 'Europe/Moscow')`, { to: f.to });
      return qb;
    };
    const leads = await period(ds.getRepository(Lead).createQueryBuilder('l').where('l.campaign_id = :id', { id: c.id })).getCount();
    const customers = await period(ds.createQueryBuilder().from('customers', 'cu').innerJoin('leads', 'l', 'l.id = cu.lead_id').where('l.campaign_id = :id', { id: c.id })).getCount();
    const { revenue } = (await period(
      ds.createQueryBuilder().select('coalesce(sum(k.amount), 0)::text', 'revenue').from('contracts', 'k').innerJoin('customers', 'cu', 'cu.id = k.customer_id').innerJoin('leads', 'l', 'l.id = cu.lead_id').where('l.campaign_id = :id', { id: c.id }),
    ).getRawOne()) as { revenue: string };
    out.push({ campaignId: c.id, leads, customers, revenue });
  }
  return out;
}

async function main() {
  const bench = await openBenchDatabase('stats');
  let app: InProcessApp | undefined;
  try {
    const info = await generateDataset(bench.url, SIZE);
    emit({ bench: 'dataset', ...info, target_seconds: 60 });
    const ds = bench.ds;
    const actor: Actor = { id: 0, email: 'bench@example.com', roles: ['operator'] };

    // The app on this database and a logged-in operator.
    app = await startInProcessApp(ds, bench.url);
    const { base, cookie } = app;

    const cases: { name: string; filter: StatsFilter; target: number }[] = [
      { name: 'stats_unfiltered', filter: {}, target: 20 },
      { name: 'stats_period_90d', filter: info.last90, target: 100 },
    ];
    for (const { name, filter, target } of cases) {
      const result = await campaignStatistics(actor, filter);
      const plain = await plainGroupBy(ds, filter);
      const mine = result.campaigns.map((c) => ({ campaignId: c.campaignId, leads: c.leads, customers: c.customers, revenue: c.revenue, budget: c.budget })).sort((a, b) => a.campaignId - b.campaignId);
      const equal = JSON.stringify(mine) === JSON.stringify(plain);

      const server_ms = await sample(REQUESTS, () => campaignStatistics(actor, filter));
      const query = new URLSearchParams(filter as Record<string, string>).toString();
      const http_ms = await sample(REQUESTS, async () => {
        const res = await fetch(`${base}/api/v1/stats/campaigns?${query}`, { headers: { cookie } });
        if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
        await res.arrayBuffer();
      });
      const plain_ms = await sample(5, () => plainGroupBy(ds, filter));
      const naive_ms = [await timeIt(() => naivePerCampaign(ds, filter))];
      const p50 = median(server_ms);
      emit({
        bench: name,
        size: SIZE,
        campaigns: result.campaigns.length,
        leads: result.totals.leads,
        filter,
        equal_to_plain_sql: equal,
        requests: REQUESTS,
        p50_ms: round(p50),
        p95_ms: round(percentile(server_ms, 95)),
        http_p50_ms: round(median(http_ms)),
        http_p95_ms: round(percentile(http_ms, 95)),
        target_p50_ms: target,
        meets_target: p50 <= target,
        baseline: 'plain_group_by',
        baseline_p50_ms: round(median(plain_ms)),
        ratio: round(median(plain_ms) / p50, 1),
        baseline_naive: 'orm_per_campaign_count_and_sum',
        naive_ms: round(naive_ms[0]),
        naive_ratio: round(naive_ms[0] / p50, 1),
      });
    }

    const top_ms = await sample(20, () => topCustomers(actor, { limit: 10 }));
    const topPeriod_ms = await sample(20, () => topCustomers(actor, { limit: 10, ...info.last90 }));
    emit({ bench: 'stats_top_customers', size: SIZE, p50_ms: round(median(top_ms)), period_90d_p50_ms: round(median(topPeriod_ms)) });

    // What the rollup's triggers cost an import: 100k leads by INSERT … SELECT from a staging table, with and
    // without the triggers (each in a rolled-back transaction).
    const rows = SIZE === 'large' ? 100_000 : 10_000;
    await ds.query(`CREATE UNLOGGED TABLE staging_leads AS SELECT 'Импорт'::varchar AS last_name, 'Лид ' || g AS first_name, 'imp' || g || '@example.com' AS email, 1 + g % 1800 AS campaign_id FROM generate_series(1, ${rows}) g`);
    const importOnce = async (withTriggers: boolean) => {
      const qr = ds.createQueryRunner();
      await qr.connect();
      try {
        await qr.startTransaction();
        if (!withTriggers) await qr.query(`ALTER TABLE leads DISABLE TRIGGER leads_stats_inserted`);
        const t0 = performance.now();
        await qr.query(`INSERT INTO leads (last_name, first_name, email, campaign_id) SELECT s.* FROM staging_leads s JOIN campaigns c ON c.id = s.campaign_id AND c.status <> 'draft'`);
        return performance.now() - t0;
      } finally {
        await qr.rollbackTransaction();
        await qr.release();
      }
    };
    const without = median([await importOnce(false), await importOnce(false), await importOnce(false)]);
    const withT = median([await importOnce(true), await importOnce(true), await importOnce(true)]);
    emit({ bench: 'stats_rollup_trigger_cost', size: SIZE, rows, seconds: round(withT / 1000, 3), baseline: 'same_insert_without_rollup_triggers', baseline_seconds: round(without / 1000, 3), ratio: round(withT / without, 2) });
  } finally {
    await app?.close();
    await bench.close();
  }
}

runBench(main);
