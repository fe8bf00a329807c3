import { z } from 'zod';
import { db } from '../../db/current.js';
import { msg, validationError } from '../../shared/errors.js';
import { COMPANY_TIME_ZONE, dayStart } from '../../shared/keyset.js';
import { dateOnly, parseInput } from '../../shared/validation.js';
import { CAMPAIGN_STATUSES, CHANNELS, type CampaignStatus, type Channel } from '../campaigns/campaign.entity.js';
import { WORKING_IN_SQL } from '../leads/lead.rules.js';
import { assertCan, type Actor } from '../users/permissions.js';
import type { CampaignFigures, CampaignStatistics, StatsFilter, TimelinePoint, TopCustomer } from './statistics.types.js';

/**
 * Campaign statistics (docs/product.md, "Statistics"), read from the rollup that migration MaintainCampaignStatsRollup keeps
 * exactly right with triggers: `campaign_stats` (per campaign) without a period, `campaign_stats_daily` (per
 * campaign per day of lead creation, Moscow time) with one.
 *
 * Number formats: money (revenue, budget, salesVolume) is a string with two decimals, summed as numeric, exact to
 * the kopeck. `conversion` = customers / leads and `roi` = (revenue − budget) / budget are fractions (0.1234 means
 * 12.34 %) rounded half away from zero to 4 decimals by PostgreSQL's round(numeric, 4); conversion is 0 without
 * leads; roi is null (no figure yet, shown as «—») when the budget is 0 or there are no leads.
 */

const emptyToUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

export const statsFilterSchema = z
  .object({
    from: dateOnly.optional(),
    to: dateOnly.optional(),
    channel: z.preprocess(emptyToUndefined, z.enum(CHANNELS).optional()),
    status: z.preprocess(emptyToUndefined, z.enum(CAMPAIGN_STATUSES).optional()),
  })
  .strip();

/** The timeline's query: the filters and the period length. */
export const timelineQuerySchema = statsFilterSchema.extend({ bucket: z.preprocess(emptyToUndefined, z.enum(['week', 'month']).optional()) });
/** The top customers' query: the filters and how many. */
export const topCustomersQuerySchema = statsFilterSchema.extend({ limit: z.coerce.number().int().min(1).max(500).optional() });

/** Validates filters from a query string or a form: dates YYYY-MM-DD, known channel and status, from <= to. */
export function parseStatsFilter(input: unknown): StatsFilter {
  const filter = parseInput(statsFilterSchema, input) as StatsFilter;
  if (filter.from && filter.to && filter.from > filter.to) throw validationError({ to: msg('period.toBeforeFrom') });
  return filter;
}

/** Statistics are for every role: whoever may see the campaigns may see their figures. */
function assertMaySee(actor: Actor): void {
  assertCan(actor, 'campaigns', 'list');
}

type Params = unknown[];

/**
 * WHERE conditions on campaigns `c` for the channel and status filters. Without a status filter the figures are
 * those of launched campaigns (active and finished): a draft has spent nothing yet, and its budget in the totals
 * would drag the total ROI down (a 300 000 ₽ draft took it to −49 %). Drafts are counted when asked for.
 */
function campaignConditions(filter: StatsFilter, params: Params): string[] {
  const where: string[] = [];
  if (filter.channel) where.push(`c.channel = $${params.push(filter.channel)}::campaign_channel`);
  where.push(filter.status ? `c.status = $${params.push(filter.status)}::campaign_status` : `c.status <> 'draft'`);
  return where;
}

/** WHERE conditions on the daily rollup `d` for the period. */
function dayConditions(filter: StatsFilter, params: Params): string[] {
  const where: string[] = [];
  if (filter.from) where.push(`d.day >= $${params.push(filter.from)}::date`);
  if (filter.to) where.push(`d.day <= $${params.push(filter.to)}::date`);
  return where;
}

const hasPeriod = (f: StatsFilter) => !!(f.from || f.to);
const whereClause = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');

// Shared by the per-campaign rows and the totals, so both follow the same definitions.
const FIGURES = `
  leads::int8 AS leads, customers::int8 AS customers,
  (CASE WHEN leads = 0 THEN 0 ELSE round(customers::numeric / leads, 4) END)::float8 AS conversion,
  round(revenue, 2)::text AS revenue, round(budget, 2)::text AS budget,
  (CASE WHEN budget = 0 OR leads = 0 THEN NULL ELSE round((revenue - budget) / budget, 4) END)::float8 AS roi`;

interface FiguresRow {
  campaignId: number | null;
  name: string | null;
  channel: Channel | null;
  status: CampaignStatus | null;
  campaigns: string;
  leads: string;
  customers: string;
  conversion: number;
  revenue: string;
  budget: string;
  roi: number | null;
}

const figuresOf = (r: FiguresRow): CampaignFigures => ({
  leads: Number(r.leads),
  customers: Number(r.customers),
  conversion: r.conversion,
  revenue: r.revenue,
  budget: r.budget,
  roi: r.roi,
});

/**
 * Per campaign (every campaign passing the channel/status filters, with or without leads) and in total: leads
 * created in the period, their customers, conversion, the customers' contract revenue, budget and ROI. One
 * statement over the rollup; the totals come from the same rows.
 */
export async function campaignStatistics(actor: Actor, input: unknown): Promise<CampaignStatistics> {
  assertMaySee(actor);
  const filter = parseStatsFilter(input);
  const params: Params = [];
  const source = hasPeriod(filter)
    ? `SELECT d.campaign_id, sum(d.leads) AS leads, sum(d.customers) AS customers, sum(d.revenue) AS revenue
       FROM campaign_stats_daily d ${whereClause(dayConditions(filter, params))} GROUP BY d.campaign_id`
    : `SELECT campaign_id, leads, customers, revenue FROM campaign_stats`;
  const rows: FiguresRow[] = await db().query(
    `WITH s AS (${source}),
     per AS (
       SELECT c.id, c.name, c.channel, c.status, c.budget,
              coalesce(s.leads, 0) AS leads, coalesce(s.customers, 0) AS customers, coalesce(s.revenue, 0) AS revenue
       FROM campaigns c LEFT JOIN s ON s.campaign_id = c.id
       ${whereClause(campaignConditions(filter, params))}
     ),
     figures AS (
       SELECT id, name, channel::text, status::text, 1 AS campaigns, leads, customers, revenue, budget FROM per
       UNION ALL
       SELECT NULL, NULL, NULL, NULL, count(*), coalesce(sum(leads), 0), coalesce(sum(customers), 0), coalesce(sum(revenue), 0), coalesce(sum(budget), 0) FROM per
     )
     SELECT id AS "campaignId", name, channel, status, campaigns::int8 AS campaigns, ${FIGURES}
     FROM figures ORDER BY (id IS NULL), leads DESC, id`,
    params,
  );
  const total = rows.pop()!;
  return {
    filters: filter,
    totals: { campaigns: Number(total.campaigns), ...figuresOf(total) },
    campaigns: rows.map((r) => ({ campaignId: r.campaignId!, name: r.name!, channel: r.channel!, status: r.status!, ...figuresOf(r) })),
  };
}

/** The figures of one campaign over its whole life (its show page); null for no such campaign. */
export async function campaignFigures(campaignId: number): Promise<CampaignFigures | null> {
  const [row]: FiguresRow[] = await db().query(
    `SELECT ${FIGURES} FROM (
       SELECT c.budget, coalesce(s.leads, 0) AS leads, coalesce(s.customers, 0) AS customers, coalesce(s.revenue, 0) AS revenue
       FROM campaigns c LEFT JOIN campaign_stats s ON s.campaign_id = c.id WHERE c.id = $1) x`,
    [campaignId],
  );
  return row ? figuresOf(row) : null;
}

/** Leads, customers, conversion and revenue per week or month of lead creation (cohorts), over the same filters. */
export async function conversionTimeline(actor: Actor, input: unknown): Promise<{ bucket: 'week' | 'month'; points: TimelinePoint[] }> {
  assertMaySee(actor);
  const { bucket = 'month', ...rest } = parseInput(timelineQuerySchema, input);
  const filter = parseStatsFilter(rest);
  const params: Params = [];
  const conditions = [...dayConditions(filter, params), ...campaignConditions(filter, params)];
  const rows: (FiguresRow & { period: string })[] = await db().query(
    `SELECT period::text AS period, ${FIGURES} FROM (
       SELECT date_trunc('${bucket}', d.day)::date AS period, sum(d.leads) AS leads, sum(d.customers) AS customers,
              sum(d.revenue) AS revenue, 0 AS budget
       FROM campaign_stats_daily d JOIN campaigns c ON c.id = d.campaign_id
       ${whereClause(conditions)}
       GROUP BY 1) x
     WHERE leads <> 0 ORDER BY period`,
    params,
  );
  return {
    bucket,
    points: rows.map((r) => ({ period: r.period, leads: Number(r.leads), customers: Number(r.customers), conversion: r.conversion, revenue: r.revenue })),
  };
}

/** Customers by sales volume (the sum of their contracts), largest first, among the leads the filters select. */
export async function topCustomers(actor: Actor, input: unknown): Promise<TopCustomer[]> {
  assertMaySee(actor);
  const { limit = 10, ...rest } = parseInput(topCustomersQuerySchema, input);
  const filter = parseStatsFilter(rest);
  const params: Params = [];
  const conditions = campaignConditions(filter, params);
  // The lead's creation day in Moscow time, as in the rollup; written as a range on created_at so an index can serve it.
  if (filter.from) conditions.push(`l.created_at >= ${dayStart(`$${params.push(filter.from)}::date`)}`);
  if (filter.to) conditions.push(`l.created_at < ${dayStart(`$${params.push(filter.to)}::date + 1`)}`);
  // customer_sales (kept by triggers) walked in sales-volume order: the first `limit` customers passing the filters.
  const rows = await db().query(
    `SELECT cu.id AS "customerId", cu.display_name AS name, c.id AS "campaignId", c.name AS "campaignName",
            s.contracts::int AS contracts, round(s.sales_volume, 2)::text AS "salesVolume"
     FROM customer_sales s
     JOIN customers cu ON cu.id = s.customer_id
     JOIN leads l ON l.id = cu.lead_id
     JOIN campaigns c ON c.id = l.campaign_id
     ${whereClause(['s.contracts > 0', ...conditions])}
     ORDER BY s.sales_volume DESC, s.customer_id
     LIMIT $${params.push(limit)}`,
    params,
  );
  return rows;
}

/** A manager's own work (the dashboard's «Моя работа», the sidebar's counter of «Мои лиды»). */
export interface MyWork {
  /** Working leads (new, in progress) the user is responsible for: «Мои лиды». */
  openLeads: number;
  /** Customers the user converted this month (Moscow time). */
  conversionsThisMonth: number;
  /** The amounts of contracts signed this month for the user's customers (theirs by assignee, or converted by them when nobody is). */
  revenueThisMonth: string;
}

/**
 * The user's own numbers, computed by the server for the calendar month in the company time zone. «Мои лиды» is an
 * index-only count on leads_assignee_working_idx; the other two read the user's customers.
 */
export async function myWork(actor: Actor): Promise<MyWork> {
  assertCan(actor, 'leads', 'list');
  const month = `date_trunc('month', now() AT TIME ZONE '${COMPANY_TIME_ZONE}')`;
  const [row] = await db().query(
    `SELECT (SELECT count(*)::int FROM leads WHERE assignee_id = $1 AND status ${WORKING_IN_SQL}) AS "openLeads",
            (SELECT count(*)::int FROM customers
              WHERE converted_by_id = $1 AND converted_at >= (${month} AT TIME ZONE '${COMPANY_TIME_ZONE}')) AS "conversionsThisMonth",
            (SELECT to_char(coalesce(sum(k.amount), 0), 'FM999999999999990.00') FROM contracts k JOIN customers c ON c.id = k.customer_id
              WHERE (c.assignee_id = $1 OR (c.assignee_id IS NULL AND c.converted_by_id = $1))
                AND k.signed_on >= ${month}::date) AS "revenueThisMonth"`,
    [actor.id],
  );
  return row as MyWork;
}
