import type { ActionContext, ActionRequest, ActionResponse, RecordActionResponse, ResourceWithOptions } from 'adminjs';
import { Components } from '../../admin/components.js';
import { CrmResource } from '../../admin/crm-resource.js';
import { actorOf, withPermissions } from '../../admin/resource-options.js';
import { exportActions } from '../export/export.admin.js';
import { moneyProperty, NAV, readOnly, showOnly, type UiSettings } from '../../admin/ui.js';
import type { Actor } from '../users/permissions.js';
import { CAMPAIGN_STATS_PROPERTIES, campaignShowParams, campaignStatsProperties } from '../statistics/statistics.admin.js';
import { Campaign } from './campaign.entity.js';
import { campaignReadOnlyFields, createCampaign, deleteCampaigns, finishCampaign, getCampaign, launchCampaign, updateCampaign } from './campaigns.service.js';
import { markReadOnly, READ_ONLY_NOTICE, readOnlyNoticeProperty } from '../../admin/read-only.js';
import { msg } from '../../shared/errors.js';

type Transition = (actor: Actor, id: number) => Promise<Campaign>;

const transitionAction = (run: Transition, from: Campaign['status'], icon: string, guard: string, done: string) => ({
  actionType: 'record' as const,
  icon,
  component: Components.ConfirmAction,
  guard,
  isVisible: ({ record }: { record?: { param(p: string): unknown } }) => record?.param('status') === from,
  handler: async (_req: unknown, _res: unknown, context: Parameters<typeof actorOf>[0]) => {
    const campaign = await run(actorOf(context)!, Number(context.record!.id()));
    const record = await context.resource.findOne(String(campaign.id));
    return {
      record: record!.toJSON(context.currentAdmin),
      notice: { message: done, type: 'success' as const },
      redirectUrl: context.h.recordActionUrl({ resourceId: 'campaigns', recordId: String(campaign.id), actionName: 'show' }),
    };
  },
});

export const campaignsResource = (ui: UiSettings): ResourceWithOptions => ({
  resource: new CrmResource(Campaign, 'campaigns', {
    create: (actor, p) => createCampaign(actor, p),
    update: (actor, id, p) => updateCampaign(actor, Number(id), p),
    delete: (actor, ids) => deleteCampaigns(actor, ids.map(Number)),
  }),
  options: withPermissions(
    'campaigns',
    {
      navigation: NAV.marketing,
      titleProperty: 'name',
      sort: { sortBy: 'createdAt', direction: 'desc' },
      listProperties: ['id', 'name', 'serviceId', 'channel', 'status', 'budget', 'launchedAt', 'finishedAt'],
      filterProperties: ['name', 'serviceId', 'channel', 'status', 'budget', 'launchedAt', 'createdAt'],
      editProperties: [READ_ONLY_NOTICE, 'name', 'serviceId', 'channel', 'budget'],
      showProperties: ['id', 'name', 'serviceId', 'channel', 'status', 'budget', 'leadsCount', ...CAMPAIGN_STATS_PROPERTIES, 'launchedAt', 'finishedAt', 'createdAt', 'updatedAt'],
      actions: {
        // A finished campaign's form shows its budget and service read-only (the service refuses a change anyway).
        edit: {
          after: async (response: ActionResponse, _request: ActionRequest, context: ActionContext) => {
            const record = (response as RecordActionResponse).record;
            if (!record?.id) return response;
            const fields = Object.keys(campaignReadOnlyFields(await getCampaign(actorOf(context)!, Number(record.id))));
            return markReadOnly(response, context, fields, fields.length ? msg('campaign.finishedReadOnly') : null);
          },
        },
        show: {
          after: async (response: ActionResponse) => {
            const record = (response as RecordActionResponse).record;
            Object.assign(record.params, await campaignShowParams(Number(record.id)));
            return response;
          },
        },
      },
      properties: {
        [READ_ONLY_NOTICE]: readOnlyNoticeProperty,
        name: { isRequired: true },
        serviceId: { reference: 'services', isRequired: true },
        channel: { isRequired: true },
        budget: moneyProperty(ui, { isRequired: true }),
        status: readOnly,
        leadsCount: {
          ...showOnly,
          components: { show: Components.RelatedLink },
          custom: { resourceId: 'leads', filter: 'campaignId' },
        },
        ...campaignStatsProperties(ui),
        launchedAt: readOnly,
        finishedAt: readOnly,
        createdAt: readOnly,
        updatedAt: readOnly,
      },
    },
    {
      launch: { permission: 'launch', ...transitionAction(launchCampaign, 'draft', 'Play', 'confirmLaunch', 'campaignLaunched') },
      finish: { permission: 'finish', ...transitionAction(finishCampaign, 'active', 'Square', 'confirmFinish', 'campaignFinished') },
      ...exportActions('campaigns'),
    },
  ),
});
