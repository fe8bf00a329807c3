import { Api, intId } from '../../api/endpoint.js';
import { IdIn, IdPath, Instant, listQuery, Money, MoneyIn, page, queryAmount, queryDate, queryId, querySearch, z } from '../../api/schemas.js';
import { CAMPAIGN_STATUSES, CHANNELS, type Campaign } from './campaign.entity.js';
import { createCampaign, deleteCampaigns, finishCampaign, getCampaign, launchCampaign, listCampaigns, updateCampaign } from './campaigns.service.js';

export const CampaignOut = z
  .object({
    id: z.number().int(), name: z.string(), serviceId: z.number().int(), channel: z.enum(CHANNELS), budget: Money,
    status: z.enum(CAMPAIGN_STATUSES), launchedAt: Instant.nullable(), finishedAt: Instant.nullable(), createdAt: Instant,
  })
  .openapi('Campaign');

export const toCampaign = (c: Campaign): z.infer<typeof CampaignOut> => ({
  id: c.id, name: c.name, serviceId: c.serviceId, channel: c.channel, budget: c.budget, status: c.status,
  launchedAt: c.launchedAt?.toISOString() ?? null, finishedAt: c.finishedAt?.toISOString() ?? null, createdAt: c.createdAt.toISOString(),
});

const CampaignIn = z.object({
  name: z.string().max(1000).openapi({ example: 'Весна 2026' }),
  serviceId: IdIn,
  channel: z.enum(CHANNELS),
  budget: MoneyIn,
});

export const ListQuery = listQuery(['id', 'name', 'budget', 'createdAt'] as const).extend({
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  channel: z.enum(CHANNELS).optional(),
  serviceId: queryId.optional(),
  search: querySearch.optional().openapi({ description: 'Part of the name' }),
  createdFrom: queryDate.optional(),
  createdTo: queryDate.optional(),
  launchedFrom: queryDate.optional(),
  launchedTo: queryDate.optional(),
  budgetFrom: queryAmount.optional(),
  budgetTo: queryAmount.optional(),
});

/** /campaigns: advertising campaigns and their launch/finish actions. */
export function campaignsApi(api: Api): void {
  api.add({
    method: 'get', path: '/campaigns', tag: 'campaigns', summary: 'List campaigns (default sort: -id)',
    permission: ['campaigns', 'list'], query: ListQuery,
    responses: { 200: { description: 'A page of campaigns', schema: page(CampaignOut, 'CampaignPage') } },
    handler: async ({ actor, query }) => {
      const { items, nextCursor } = await listCampaigns(actor, query);
      return { json: { items: items.map(toCampaign), nextCursor } };
    },
  });
  api.add({
    method: 'post', path: '/campaigns', tag: 'campaigns', summary: 'Create a campaign (as a draft)',
    permission: ['campaigns', 'new'], body: CampaignIn,
    responses: { 201: { description: 'Created', schema: CampaignOut }, 409: { description: 'The name is taken' } },
    handler: async ({ actor, body }) => ({ status: 201, json: toCampaign(await createCampaign(actor, body)) }),
  });
  api.add({
    method: 'get', path: '/campaigns/{id}', tag: 'campaigns', summary: 'Read a campaign',
    permission: ['campaigns', 'show'], params: IdPath,
    responses: { 200: { description: 'The campaign', schema: CampaignOut } },
    handler: async ({ actor, params }) => ({ json: toCampaign(await getCampaign(actor, intId(params.id))) }),
  });
  api.add({
    method: 'patch', path: '/campaigns/{id}', tag: 'campaigns', summary: 'Change a campaign (budget and service are read-only once finished)',
    permission: ['campaigns', 'edit'], params: IdPath, body: CampaignIn.partial(),
    responses: { 200: { description: 'Updated', schema: CampaignOut }, 409: { description: 'The name is taken, or the campaign is finished' } },
    handler: async ({ actor, params, body }) => ({ json: toCampaign(await updateCampaign(actor, intId(params.id), body)) }),
  });
  api.add({
    method: 'delete', path: '/campaigns/{id}', tag: 'campaigns', summary: 'Delete a campaign (refused while it has leads)',
    permission: ['campaigns', 'delete'], params: IdPath,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'Still referenced' } },
    handler: async ({ actor, params }) => {
      await deleteCampaigns(actor, [intId(params.id)]);
      return { status: 204 };
    },
  });
  api.add({
    method: 'post', path: '/campaigns/{id}/launch', tag: 'campaigns', summary: 'Launch a draft campaign (draft → active)',
    permission: ['campaigns', 'launch'], params: IdPath,
    responses: { 200: { description: 'Launched', schema: CampaignOut }, 409: { description: 'Not a draft' } },
    handler: async ({ actor, params }) => ({ json: toCampaign(await launchCampaign(actor, intId(params.id))) }),
  });
  api.add({
    method: 'post', path: '/campaigns/{id}/finish', tag: 'campaigns', summary: 'Finish an active campaign (active → finished)',
    permission: ['campaigns', 'finish'], params: IdPath,
    responses: { 200: { description: 'Finished', schema: CampaignOut }, 409: { description: 'Not active' } },
    handler: async ({ actor, params }) => ({ json: toCampaign(await finishCampaign(actor, intId(params.id))) }),
  });
}
