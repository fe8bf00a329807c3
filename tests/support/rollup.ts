import type { DataSource } from 'typeorm';

/** The rollup tables themselves must equal a rebuild from the tables (zero rows aside). */
export async function expectRollupExact(ds: DataSource) {
  const [r] = await ds.query(`
    SELECT
      (SELECT coalesce(json_agg(x ORDER BY campaign_id, day), '[]') FROM (
         SELECT campaign_id, day::text, leads::int, customers::int, revenue::numeric(20,2)::text FROM campaign_stats_daily
         WHERE leads <> 0 OR customers <> 0 OR revenue <> 0) x) AS daily,
      (SELECT coalesce(json_agg(x ORDER BY campaign_id, day), '[]') FROM (
         SELECT l.campaign_id, (l.created_at AT TIME ZONE 'Europe/Moscow')::date::text AS day, count(*)::int AS leads, count(cu.id)::int AS customers,
                coalesce(sum(k.total), 0)::numeric(20,2)::text AS revenue
         FROM leads l LEFT JOIN customers cu ON cu.lead_id = l.id
         LEFT JOIN (SELECT customer_id, sum(amount) AS total FROM contracts GROUP BY customer_id) k ON k.customer_id = cu.id
         GROUP BY 1, 2) x) AS plain_daily,
      (SELECT coalesce(json_agg(x ORDER BY campaign_id), '[]') FROM (
         SELECT campaign_id, leads::int, customers::int, revenue::numeric(20,2)::text FROM campaign_stats
         WHERE leads <> 0 OR customers <> 0 OR revenue <> 0) x) AS total,
      (SELECT coalesce(json_agg(x ORDER BY campaign_id), '[]') FROM (
         SELECT l.campaign_id, count(*)::int AS leads, count(cu.id)::int AS customers, coalesce(sum(k.total), 0)::numeric(20,2)::text AS revenue
         FROM leads l LEFT JOIN customers cu ON cu.lead_id = l.id
         LEFT JOIN (SELECT customer_id, sum(amount) AS total FROM contracts GROUP BY customer_id) k ON k.customer_id = cu.id
         GROUP BY 1) x) AS plain_total,
      (SELECT coalesce(json_agg(x ORDER BY customer_id), '[]') FROM (
         SELECT customer_id, contracts::int, sales_volume::numeric(20,2)::text FROM customer_sales WHERE contracts <> 0 OR sales_volume <> 0) x) AS sales,
      (SELECT coalesce(json_agg(x ORDER BY customer_id), '[]') FROM (
         SELECT customer_id, count(*)::int AS contracts, sum(amount)::numeric(20,2)::text AS sales_volume FROM contracts GROUP BY 1) x) AS plain_sales`);
  expect(r.daily).toEqual(r.plain_daily);
  expect(r.total).toEqual(r.plain_total);
  expect(r.sales).toEqual(r.plain_sales);
}
