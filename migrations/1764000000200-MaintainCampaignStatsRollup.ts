import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The statistics rollup: per campaign (and per campaign per day of lead creation) the number of leads, of those
 * leads' customers and the sum of those customers' contract amounts. A plain GROUP BY over a million leads takes
 * about a second; reading 2,000 rollup rows takes about a millisecond.
 *
 * Kept exactly right by statement-level triggers with transition tables on leads, customers and contracts (so a
 * COPY or an INSERT … SELECT of a million leads costs one grouped upsert, not a million): each statement adds its
 * signed deltas with INSERT … ON CONFLICT DO UPDATE SET x = x + delta, which is atomic under concurrent writers.
 * The triggers of customers and contracts lock the leads they attribute money to FOR SHARE, so a concurrent
 * change of a lead's campaign or creation time waits for them (and then sees their rows) instead of moving a
 * stale sum. TRUNCATE rebuilds from the tables. The contract triggers also keep `customer_sales` (sales volume per
 * customer) for the top-customers table.
 *
 * Days are calendar days in Europe/Moscow (stats_day), the company's time zone: the period filter counts leads
 * created from 00:00 of `from` to 24:00 of `to` Moscow time.
 */
export class MaintainCampaignStatsRollup1764000000200 implements MigrationInterface {
  name = 'MaintainCampaignStatsRollup1764000000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION stats_day(ts timestamptz) RETURNS date
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT (ts AT TIME ZONE 'Europe/Moscow')::date $$`);

    await q.query(`
      CREATE TABLE campaign_stats (
        campaign_id integer PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
        leads bigint NOT NULL DEFAULT 0,
        customers bigint NOT NULL DEFAULT 0,
        revenue numeric NOT NULL DEFAULT 0
      )`);
    await q.query(`
      CREATE TABLE campaign_stats_daily (
        campaign_id integer NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        day date NOT NULL,
        leads bigint NOT NULL DEFAULT 0,
        customers bigint NOT NULL DEFAULT 0,
        revenue numeric NOT NULL DEFAULT 0,
        PRIMARY KEY (campaign_id, day)
      )`);
    // Sales volume per customer (sum and number of its contracts), kept by the same contract triggers: the top
    // customers are then an index walk instead of aggregating every contract.
    await q.query(`
      CREATE TABLE customer_sales (
        customer_id integer PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
        contracts bigint NOT NULL DEFAULT 0,
        sales_volume numeric NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX customer_sales_volume_idx ON customer_sales (sales_volume DESC, customer_id)`);
    await q.query(`CREATE INDEX campaign_stats_daily_day_idx ON campaign_stats_daily (day) INCLUDE (campaign_id, leads, customers, revenue)`);

    // Adds signed deltas, one row per (campaign, day), in key order (fewer deadlocks between concurrent writers).
    await q.query(`
      CREATE FUNCTION campaign_stats_apply(p_campaign integer[], p_day date[], p_leads bigint[], p_customers bigint[], p_revenue numeric[])
      RETURNS void LANGUAGE sql AS $$
        WITH d AS (
          SELECT campaign_id, day, sum(leads)::bigint AS leads, sum(customers)::bigint AS customers, sum(revenue) AS revenue
          FROM unnest(p_campaign, p_day, p_leads, p_customers, p_revenue) AS u(campaign_id, day, leads, customers, revenue)
          GROUP BY campaign_id, day
          HAVING sum(leads) <> 0 OR sum(customers) <> 0 OR sum(revenue) <> 0
        ), daily AS (
          INSERT INTO campaign_stats_daily AS s (campaign_id, day, leads, customers, revenue)
          SELECT campaign_id, day, leads, customers, revenue FROM d ORDER BY campaign_id, day
          ON CONFLICT (campaign_id, day) DO UPDATE
            SET leads = s.leads + EXCLUDED.leads, customers = s.customers + EXCLUDED.customers, revenue = s.revenue + EXCLUDED.revenue
        )
        INSERT INTO campaign_stats AS s (campaign_id, leads, customers, revenue)
        SELECT campaign_id, sum(leads), sum(customers), sum(revenue) FROM d GROUP BY campaign_id ORDER BY campaign_id
        ON CONFLICT (campaign_id) DO UPDATE
          SET leads = s.leads + EXCLUDED.leads, customers = s.customers + EXCLUDED.customers, revenue = s.revenue + EXCLUDED.revenue
      $$`);

    // What a set of customers contributes (1 each, plus their contracts' amounts), at their leads' campaign and day.
    // Locks those leads FOR SHARE: a concurrent UPDATE moving a lead waits for this transaction, and vice versa.
    await q.query(`
      CREATE FUNCTION campaign_stats_customer_delta(p_customers integer[], p_leads bigint[], p_sign integer)
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM leads WHERE id = ANY(p_leads) ORDER BY id FOR SHARE;
        PERFORM campaign_stats_apply(array_agg(l.campaign_id), array_agg(stats_day(l.created_at)), array_agg(0::bigint),
                                     array_agg(p_sign::bigint),
                                     array_agg(p_sign * coalesce(k.total, 0)))
        FROM unnest(p_customers, p_leads) AS c(customer_id, lead_id)
        JOIN leads l ON l.id = c.lead_id
        LEFT JOIN LATERAL (SELECT sum(amount) AS total FROM contracts WHERE customer_id = c.customer_id) k ON true;
      END $$`);

    // leads: a new lead counts 1 at its campaign and day; a deleted one -1 (a lead with a customer can't be
    // deleted: customers.lead_id is RESTRICT); a lead moved to another campaign or day takes its customer and
    // revenue along.
    await q.query(`
      CREATE FUNCTION campaign_stats_leads_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM campaign_stats_apply(array_agg(campaign_id), array_agg(stats_day(created_at)), array_agg(1::bigint), array_agg(0::bigint), array_agg(0::numeric))
        FROM new_rows;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION campaign_stats_leads_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM campaign_stats_apply(array_agg(campaign_id), array_agg(stats_day(created_at)), array_agg(-1::bigint), array_agg(0::bigint), array_agg(0::numeric))
        FROM old_rows;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION campaign_stats_leads_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_campaigns integer[]; v_days date[]; v_leads bigint[]; v_customers bigint[]; v_revenue numeric[];
      BEGIN
        WITH moved AS (
          SELECT o.id, o.campaign_id AS old_campaign, stats_day(o.created_at) AS old_day, n.campaign_id AS new_campaign, stats_day(n.created_at) AS new_day
          FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE o.campaign_id <> n.campaign_id OR stats_day(o.created_at) <> stats_day(n.created_at)
        ), contribution AS (
          SELECT m.*, count(DISTINCT cu.id)::bigint AS customers, coalesce(sum(k.amount), 0) AS revenue
          FROM moved m LEFT JOIN customers cu ON cu.lead_id = m.id LEFT JOIN contracts k ON k.customer_id = cu.id
          GROUP BY m.id, m.old_campaign, m.old_day, m.new_campaign, m.new_day
        ), delta AS (
          SELECT old_campaign AS campaign_id, old_day AS day, -1::bigint AS leads, -customers AS customers, -revenue AS revenue FROM contribution
          UNION ALL
          SELECT new_campaign, new_day, 1, customers, revenue FROM contribution
        )
        SELECT array_agg(campaign_id), array_agg(day), array_agg(leads), array_agg(customers), array_agg(revenue)
        INTO v_campaigns, v_days, v_leads, v_customers, v_revenue FROM delta;
        IF v_campaigns IS NOT NULL THEN
          PERFORM campaign_stats_apply(v_campaigns, v_days, v_leads, v_customers, v_revenue);
        END IF;
        RETURN NULL;
      END $$`);

    // customers: created (converting a lead) counts 1 at the lead's campaign and day; deleted -1; moved to another
    // lead takes its contracts' revenue along.
    await q.query(`
      CREATE FUNCTION campaign_stats_customers_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM campaign_stats_customer_delta((SELECT array_agg(id) FROM new_rows), (SELECT array_agg(lead_id) FROM new_rows), 1);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION campaign_stats_customers_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM campaign_stats_customer_delta((SELECT array_agg(id) FROM old_rows), (SELECT array_agg(lead_id) FROM old_rows), -1);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION campaign_stats_customers_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_ids integer[]; v_old_leads bigint[]; v_new_leads bigint[];
      BEGIN
        SELECT array_agg(n.id), array_agg(o.lead_id), array_agg(n.lead_id) INTO v_ids, v_old_leads, v_new_leads
        FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE o.lead_id <> n.lead_id;
        IF v_ids IS NOT NULL THEN
          PERFORM campaign_stats_customer_delta(v_ids, v_old_leads, -1);
          PERFORM campaign_stats_customer_delta(v_ids, v_new_leads, 1);
        END IF;
        RETURN NULL;
      END $$`);

    // contracts: the amount counts at the campaign and day of the customer's lead.
    await q.query(`
      CREATE FUNCTION campaign_stats_contract_delta(p_customers integer[], p_amounts numeric[], p_counts integer[])
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM 1 FROM leads WHERE id IN (SELECT lead_id FROM customers WHERE id = ANY(p_customers)) ORDER BY id FOR SHARE;
        PERFORM campaign_stats_apply(array_agg(l.campaign_id), array_agg(stats_day(l.created_at)), array_agg(0::bigint), array_agg(0::bigint), array_agg(k.amount))
        FROM unnest(p_customers, p_amounts) AS k(customer_id, amount)
        JOIN customers cu ON cu.id = k.customer_id
        JOIN leads l ON l.id = cu.lead_id;
        INSERT INTO customer_sales AS s (customer_id, contracts, sales_volume)
        SELECT customer_id, sum(n), sum(amount) FROM unnest(p_customers, p_amounts, p_counts) AS k(customer_id, amount, n)
        WHERE EXISTS (SELECT 1 FROM customers WHERE id = k.customer_id)
        GROUP BY customer_id ORDER BY customer_id
        ON CONFLICT (customer_id) DO UPDATE SET contracts = s.contracts + EXCLUDED.contracts, sales_volume = s.sales_volume + EXCLUDED.sales_volume;
      END $$`);
    await q.query(`
      CREATE FUNCTION campaign_stats_contracts_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM campaign_stats_contract_delta((SELECT array_agg(customer_id) FROM new_rows), (SELECT array_agg(amount) FROM new_rows), (SELECT array_agg(1) FROM new_rows));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION campaign_stats_contracts_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM campaign_stats_contract_delta((SELECT array_agg(customer_id) FROM old_rows), (SELECT array_agg(-amount) FROM old_rows), (SELECT array_agg(-1) FROM old_rows));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION campaign_stats_contracts_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        v_customers integer[]; v_amounts numeric[]; v_counts integer[];
      BEGIN
        WITH changed AS (
          SELECT o.customer_id AS old_customer, o.amount AS old_amount, n.customer_id AS new_customer, n.amount AS new_amount
          FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE o.customer_id <> n.customer_id OR o.amount <> n.amount
        ), delta AS (
          SELECT old_customer AS customer_id, -old_amount AS amount, -1 AS n FROM changed
          UNION ALL
          SELECT new_customer, new_amount, 1 FROM changed
        )
        SELECT array_agg(customer_id), array_agg(amount), array_agg(n) INTO v_customers, v_amounts, v_counts FROM delta;
        IF v_customers IS NOT NULL THEN
          PERFORM campaign_stats_contract_delta(v_customers, v_amounts, v_counts);
        END IF;
        RETURN NULL;
      END $$`);

    // From scratch, straight from the tables: after TRUNCATE, after a bulk load with triggers off, or to repair.
    await q.query(`
      CREATE FUNCTION campaign_stats_rebuild() RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM campaign_stats;
        DELETE FROM campaign_stats_daily;
        INSERT INTO campaign_stats_daily (campaign_id, day, leads, customers, revenue)
        SELECT l.campaign_id, stats_day(l.created_at), count(*), count(cu.id), coalesce(sum(k.total), 0)
        FROM leads l
        LEFT JOIN customers cu ON cu.lead_id = l.id
        LEFT JOIN (SELECT customer_id, sum(amount) AS total FROM contracts GROUP BY customer_id) k ON k.customer_id = cu.id
        GROUP BY 1, 2;
        INSERT INTO campaign_stats (campaign_id, leads, customers, revenue)
        SELECT campaign_id, sum(leads), sum(customers), sum(revenue) FROM campaign_stats_daily GROUP BY campaign_id;
        DELETE FROM customer_sales;
        INSERT INTO customer_sales (customer_id, contracts, sales_volume)
        SELECT customer_id, count(*), sum(amount) FROM contracts GROUP BY customer_id;
      END $$`);
    await q.query(`
      CREATE FUNCTION campaign_stats_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM campaign_stats_rebuild();
        RETURN NULL;
      END $$`);

    for (const table of ['leads', 'customers', 'contracts']) {
      await q.query(`CREATE TRIGGER ${table}_stats_inserted AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_stats_${table}_inserted()`);
      await q.query(`CREATE TRIGGER ${table}_stats_deleted AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_stats_${table}_deleted()`);
      await q.query(`CREATE TRIGGER ${table}_stats_updated AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION campaign_stats_${table}_updated()`);
      await q.query(`CREATE TRIGGER ${table}_stats_truncated AFTER TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION campaign_stats_truncated()`);
    }
    await q.query(`SELECT campaign_stats_rebuild()`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['leads', 'customers', 'contracts']) {
      for (const event of ['inserted', 'deleted', 'updated', 'truncated']) await q.query(`DROP TRIGGER IF EXISTS ${table}_stats_${event} ON ${table}`);
      for (const event of ['inserted', 'deleted', 'updated']) await q.query(`DROP FUNCTION IF EXISTS campaign_stats_${table}_${event}()`);
    }
    await q.query(`DROP FUNCTION IF EXISTS campaign_stats_truncated()`);
    await q.query(`DROP FUNCTION IF EXISTS campaign_stats_rebuild()`);
    await q.query(`DROP FUNCTION IF EXISTS campaign_stats_contract_delta(integer[], numeric[], integer[])`);
    await q.query(`DROP FUNCTION IF EXISTS campaign_stats_customer_delta(integer[], bigint[], integer)`);
    await q.query(`DROP FUNCTION IF EXISTS campaign_stats_apply(integer[], date[], bigint[], bigint[], numeric[])`);
    await q.query(`DROP TABLE IF EXISTS customer_sales`);
    await q.query(`DROP TABLE IF EXISTS campaign_stats_daily`);
    await q.query(`DROP TABLE IF EXISTS campaign_stats`);
    await q.query(`DROP FUNCTION IF EXISTS stats_day(timestamptz)`);
  }
}
