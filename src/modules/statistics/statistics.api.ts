import type { OpenAPIRegistry, RouteConfig } from '@asteasolutions/zod-to-openapi';
import express, { type Router } from 'express';
import { API_SECURITY, errorResponse, rolesOf } from '../../api/endpoint.js';
import { DateOnly, Money, queryDate, z } from '../../api/schemas.js';
import { CAMPAIGN_STATUSES, CHANNELS } from '../campaigns/campaign.values.js';
import { campaignStatistics, conversionTimeline, topCustomers } from './statistics.service.js';

/**
 * GET /stats/campaigns?from=&to=&channel=&status= → { filters, totals, campaigns: [...] }
 * GET /stats/timeline?bucket=week|month&… → { bucket, points: [{ period, leads, customers, conversion, revenue }] }
 * GET /stats/customers?limit=&… → [{ customerId, name, campaignId, campaignName, contracts, salesVolume }]
 * Every logged-in user (requireActor runs before this router); bad filters are 422.
 */
export function statisticsApi(): Router {
  const router = express.Router();
  router.get('/stats/campaigns', async (req, res) => {
    res.json(await campaignStatistics(req.actor!, req.query));
  });
  router.get('/stats/timeline', async (req, res) => {
    res.json(await conversionTimeline(req.actor!, req.query));
  });
  router.get('/stats/customers', async (req, res) => {
    res.json({ items: await topCustomers(req.actor!, req.query) });
  });
  return router;
}

// ---- OpenAPI: the same routes, described (the router above stays as it is) ----

const Fraction = (description: string) => z.number().openapi({ description, example: 0.1234 });

/** The filters every statistics endpoint takes (statsFilterSchema); other query parameters are ignored. */
const StatsQuery = z.object({
  from: queryDate.optional().openapi({ description: 'Leads created on or after this day (Moscow time), YYYY-MM-DD' }),
  to: queryDate.optional().openapi({ description: 'Leads created on or before this day (Moscow time), YYYY-MM-DD; not before `from`' }),
  channel: z.enum(CHANNELS).optional().openapi({ description: 'Only campaigns of this channel' }),
  status: z.enum(CAMPAIGN_STATUSES).optional().openapi({ description: 'Only campaigns in this status' }),
});

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

/** Registers GET /stats/campaigns, /stats/timeline and /stats/customers in the API's OpenAPI document. */
export function describeStatisticsApi(registry: OpenAPIRegistry): void {
  const op = (path: string, summary: string, description: string, query: z.AnyZodObject, schema: z.ZodTypeAny): RouteConfig => ({
    method: 'get',
    path,
    summary,
    description: `${description}\n\nRoles: ${rolesOf(['campaigns', 'list'])}.`,
    tags: ['campaigns'],
    security: API_SECURITY,
    request: { query },
    responses: {
      200: { description: 'The figures', content: { 'application/json': { schema } } },
      400: errorResponse('Malformed request'),
      401: errorResponse('No credentials, or an invalid/revoked token'),
      403: errorResponse(`The role may not do this (allowed: ${rolesOf(['campaigns', 'list'])})`),
      422: errorResponse('Bad filters (a date not YYYY-MM-DD, `to` before `from`, unknown channel or status); details.fields has a message per field'),
    },
  });
  registry.registerPath(
    op('/stats/campaigns', 'Campaign statistics: leads, customers, conversion, revenue, budget and ROI per campaign and in total',
      'Every campaign passing the channel/status filters (with or without leads), most leads first, and the totals. Money is a string with two decimals; conversion and roi are fractions.',
      StatsQuery, CampaignStatisticsOut),
  );
  registry.registerPath(
    op('/stats/timeline', 'Conversion over time: leads, customers, conversion and revenue per week or month of lead creation',
      'Cohorts by the day the lead was created (Moscow time); periods without leads are left out.',
      StatsQuery.extend({ bucket: z.enum(['week', 'month']).optional().openapi({ description: 'Period length (default month)' }) }), TimelineOut),
  );
  registry.registerPath(
    op('/stats/customers', 'Top customers by sales volume (sum of their contracts)',
      'Customers with at least one contract, largest sales volume first, among the leads the filters select.',
      StatsQuery.extend({ limit: z.coerce.number().int().min(1).max(500).optional().openapi({ description: 'How many, 1..500 (default 10)', example: 10 }) }), TopCustomersOut),
  );
}
