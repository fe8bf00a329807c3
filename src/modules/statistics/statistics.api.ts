import { Api } from '../../api/endpoint.js';
import { DateOnly, describeFields, Money, z } from '../../api/schemas.js';
import { CAMPAIGN_STATUSES, CHANNELS } from '../campaigns/campaign.values.js';
import { campaignStatistics, conversionTimeline, myWork, statsFilterSchema, timelineQuerySchema, topCustomers, topCustomersQuerySchema } from './statistics.service.js';

// ---- Inputs: the service's own schemas, described; other query parameters are ignored ----

const filterDocs = {
  from: { type: 'string' as const, description: 'Leads created on or after this day (Moscow time), YYYY-MM-DD', example: '2026-01-31' },
  to: { type: 'string' as const, description: 'Leads created on or before this day (Moscow time), YYYY-MM-DD; not before `from`', example: '2026-01-31' },
  channel: { type: 'string' as const, enum: [...CHANNELS], description: 'Only campaigns of this channel' },
  status: { type: 'string' as const, enum: [...CAMPAIGN_STATUSES], description: 'Only campaigns in this status' },
};
const StatsQuery = describeFields(statsFilterSchema, filterDocs);
const TimelineQuery = describeFields(timelineQuerySchema, { ...filterDocs, bucket: { type: 'string' as const, enum: ['week', 'month'], description: 'Period length (default month)' } });
const TopCustomersQuery = describeFields(topCustomersQuerySchema, { ...filterDocs, limit: { description: 'How many, 1..500 (default 10)', example: 10 } });

// ---- Outputs ----

const Fraction = (description: string) => z.number().openapi({ description, example: 0.1234 });

const StatsFilters = z
  .object({ from: DateOnly.optional(), to: DateOnly.optional(), channel: z.enum(CHANNELS).optional(), status: z.enum(CAMPAIGN_STATUSES).optional() })
  .openapi('StatsFilters', { description: 'The filters applied (as validated)' });

const figures = {
  leads: z.number().int().openapi({ description: 'Leads created in the period' }),
  customers: z.number().int().openapi({ description: 'Those of them that became customers' }),
  conversion: Fraction('customers / leads, a fraction rounded to 4 decimals (0 without leads)'),
  revenue: Money.openapi({ description: "The customers' contract revenue" }),
  budget: Money,
  roi: Fraction('(revenue − budget) / budget, a fraction rounded to 4 decimals').nullable().openapi({ description: '(revenue − budget) / budget, rounded to 4 decimals; null when the budget is 0' }),
};

const CampaignStatisticsOut = z
  .object({
    filters: StatsFilters,
    totals: z.object({ campaigns: z.number().int().openapi({ description: 'Campaigns passing the filters' }), ...figures }),
    campaigns: z.array(z.object({ campaignId: z.number().int(), name: z.string(), channel: z.enum(CHANNELS), status: z.enum(CAMPAIGN_STATUSES), ...figures })),
  })
  .openapi('CampaignStatistics');

const TimelineOut = z
  .object({
    bucket: z.enum(['week', 'month']),
    points: z.array(
      z.object({
        period: DateOnly.openapi({ description: 'First day of the week (Monday) or month' }),
        leads: z.number().int(),
        customers: z.number().int(),
        conversion: Fraction('customers / leads, rounded to 4 decimals'),
        revenue: Money,
      }),
    ),
  })
  .openapi('ConversionTimeline');

const TopCustomersOut = z
  .object({
    items: z.array(
      z.object({
        customerId: z.number().int(),
        name: z.string(),
        campaignId: z.number().int(),
        campaignName: z.string(),
        contracts: z.number().int(),
        salesVolume: Money.openapi({ description: 'Sum of the customer’s contracts' }),
      }),
    ),
  })
  .openapi('TopCustomers');

const MyWorkOut = z
  .object({ openLeads: z.number().int(), conversionsThisMonth: z.number().int(), revenueThisMonth: Money })
  .openapi('MyWork');

const BAD_FILTERS = 'Bad filters (a date not YYYY-MM-DD, `to` before `from`, unknown channel or status); details.fields has a message per field';

/**
 * GET /stats/campaigns, /stats/timeline and /stats/customers: the dashboard's figures, for every role that may see
 * the campaigns; bad filters are 422. GET /stats/my-work: the user's own numbers (the dashboard's «Моя работа», the
 * sidebar's count of «Мои лиды»), for whoever reads the leads.
 */
export function statisticsApi(api: Api): void {
  api.add({
    method: 'get', path: '/stats/campaigns', tag: 'campaigns',
    summary: 'Campaign statistics: leads, customers, conversion, revenue, budget and ROI per campaign and in total',
    description: 'Every campaign passing the channel/status filters (with or without leads), most leads first, and the totals. Money is a string with two decimals; conversion and roi are fractions.',
    permission: ['campaigns', 'list'], query: StatsQuery, unknownQuery: 'ignore',
    responses: { 200: { description: 'The figures', schema: CampaignStatisticsOut }, 422: { description: BAD_FILTERS } },
    handler: async ({ actor, query }) => ({ json: await campaignStatistics(actor, query) }),
  });
  api.add({
    method: 'get', path: '/stats/timeline', tag: 'campaigns',
    summary: 'Conversion over time: leads, customers, conversion and revenue per week or month of lead creation',
    description: 'Cohorts by the day the lead was created (Moscow time); periods without leads are left out.',
    permission: ['campaigns', 'list'], query: TimelineQuery, unknownQuery: 'ignore',
    responses: { 200: { description: 'The figures', schema: TimelineOut }, 422: { description: BAD_FILTERS } },
    handler: async ({ actor, query }) => ({ json: await conversionTimeline(actor, query) }),
  });
  api.add({
    method: 'get', path: '/stats/customers', tag: 'campaigns',
    summary: 'Top customers by sales volume (sum of their contracts)',
    description: 'Customers with at least one contract, largest sales volume first, among the leads the filters select.',
    permission: ['campaigns', 'list'], query: TopCustomersQuery, unknownQuery: 'ignore',
    responses: { 200: { description: 'The figures', schema: TopCustomersOut }, 422: { description: BAD_FILTERS } },
    handler: async ({ actor, query }) => ({ json: { items: await topCustomers(actor, query) } }),
  });
  api.add({
    method: 'get', path: '/stats/my-work', tag: 'statistics',
    summary: 'My work: my open leads («Мои лиды»), customers I converted this month, the revenue of my customers\' contracts signed this month (Moscow time)',
    permission: ['leads', 'list'],
    responses: { 200: { description: 'The figures', schema: MyWorkOut } },
    handler: async ({ actor }) => ({ json: await myWork(actor) }),
  });
}
