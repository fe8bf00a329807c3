import type { ActionContext, ActionRequest, ActionResponse, RecordActionResponse, ResourceWithOptions } from 'adminjs';
import { Components } from '../../admin/components.js';
import { CrmResource, type CountPolicy } from '../../admin/crm-resource.js';
import { actorOf, countedNotice, referenceTo, uploaded, withPermissions } from '../../admin/resource-options.js';
import { discardUploads } from '../contracts/documents.service.js';
import { NAV, readOnly, showOnly, type UiSettings } from '../../admin/ui.js';
import { conversionDefaults, convertLead, customerCardOfLead, customerOfLead } from '../customers/conversion.service.js';
import { importAction } from '../import/import.admin.js';
import { can } from '../users/permissions.js';
import { exportActions } from '../export/export.admin.js';
import { assignLeads, takeLead, unassignLeads } from './assignment.service.js';
import { Lead } from './lead.entity.js';
import { isWorkingStatus, WORKING_IN_SQL } from './lead.rules.js';
import { createLead, deleteLeads, getLead, leadNameWhere, leadPhoneWhere, leadReadOnlyFields, leadSearchWhere, markLeadLost, updateLead } from './leads.service.js';
import { markReadOnly, READ_ONLY_NOTICE, readOnlyNoticeProperty } from '../../admin/read-only.js';

const isWorking = ({ record }: { record?: { param(p: string): unknown } }) => isWorkingStatus(record?.param('status'));

const reload = async (context: ActionContext) => (await context.resource.findOne(String(context.record!.id())))!.toJSON(context.currentAdmin);

/** A record action done on the lead's card: the lead as it is now, the notice, and back to its card. */
const backToCard = async (context: ActionContext, message: string) => ({
  record: await reload(context),
  notice: { message, type: 'success' as const },
  redirectUrl: context.h.recordActionUrl({ resourceId: 'leads', recordId: String(context.record!.id()), actionName: 'show' }),
});

/**
 * «Назначить» / «Снять назначение» for the leads ticked in the list: the service changes them (all or none), the
 * notice says how many, and the list is shown again.
 */
const bulkAssigneeAction = (
  permission: 'assign' | 'unassign',
  icon: string,
  message: string,
  change: (actor: NonNullable<ReturnType<typeof actorOf>>, ids: string[], payload: Record<string, unknown>) => Promise<number>,
) => ({
  permission,
  actionType: 'bulk' as const,
  icon,
  component: Components.AssignLeads,
  handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
    const records = context.records ?? [];
    const count = await change(actorOf(context)!, records.map((r) => String(r.id())), request.payload ?? {});
    return {
      records: records.map((r) => r.toJSON(context.currentAdmin)),
      notice: countedNotice(message, count),
      redirectUrl: context.h.resourceUrl({ resourceId: 'leads' }),
    };
  },
});

/** `counting`: a million leads are normal here, so their lists are counted within bounds (see CountPolicy). */
export const leadsResource = (ui: UiSettings, counting: CountPolicy): ResourceWithOptions => ({
  resource: new CrmResource(
    Lead,
    'leads',
    {
      create: (actor, p) => createLead(actor, p),
      update: (actor, id, p) => updateLead(actor, id, p),
      delete: (actor, ids) => deleteLeads(actor, ids),
    },
    counting,
    leadSearchWhere,
    // The list's name and phone filters search as the quick search does (ё as е, words in any order; any notation).
    { fullName: leadNameWhere, phone: leadPhoneWhere },
    // «не назначен» in the assignee filter, and the working statuses of «Мои лиды» (as the partial index has them).
    { assigneeId: { none: 'IS NULL' }, status: { working: WORKING_IN_SQL } },
  ),
  options: withPermissions(
    'leads',
    {
      navigation: NAV.sales,
      titleProperty: 'fullName',
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['id', 'fullName', 'phone', 'email', 'campaignId', 'status', 'assigneeId', 'createdAt'],
      filterProperties: ['fullName', 'phone', 'email', 'campaignId', 'status', 'assigneeId', 'createdAt', 'createdById', 'importBatchId'],
      editProperties: [READ_ONLY_NOTICE, 'lastName', 'firstName', 'middleName', 'phone', 'email', 'campaignId', 'status', 'assigneeId', 'notes'],
      showProperties: ['id', 'fullName', 'phone', 'email', 'campaignId', 'status', 'assigneeId', 'customerId', 'contracts', 'lostReason', 'notes', 'importBatchId', 'createdById', 'createdAt', 'updatedAt'],
      properties: {
        [READ_ONLY_NOTICE]: readOnlyNoticeProperty,
        lastName: { isRequired: true },
        firstName: { isRequired: true },
        fullName: readOnly,
        phone: { type: 'string', components: { edit: Components.LeadContactEdit, list: Components.ContactValue, show: Components.ContactValue } },
        email: { components: { edit: Components.LeadContactEdit, list: Components.ContactValue, show: Components.ContactValue } },
        campaignId: { reference: 'campaigns', isRequired: true },
        createdById: { reference: 'users', isVisible: { list: false, show: true, edit: false, filter: true } },
        // The responsible manager: chosen when a lead is recorded, then changed by take / assign / unassign.
        assigneeId: {
          reference: 'users',
          components: { edit: Components.AssigneeEdit, filter: Components.AssigneeFilter },
          custom: { setOnCreateOnly: true },
        },
        customerId: { reference: 'customers', ...showOnly },
        contracts: { type: 'string', ...showOnly, components: { show: Components.CustomerContracts }, custom: { currency: ui.currency } },
        notes: { type: 'textarea' },
        lostReason: showOnly,
        importBatchId: { type: 'number', isVisible: { list: false, show: true, edit: false, filter: true } },
        createdAt: readOnly,
        updatedAt: showOnly,
      },
      actions: {
        // The search box over the list (components/ListToolbar.tsx): name, phone and e-mail at once.
        list: { custom: { searchBox: true } },
        // A converted or lost lead's form shows every field but the notes read-only (the service refuses them anyway).
        edit: {
          after: async (response: ActionResponse, _request: ActionRequest, context: ActionContext) => {
            const record = (response as RecordActionResponse).record;
            if (!record?.id) return response;
            const { fields, reason } = leadReadOnlyFields(await getLead(actorOf(context)!, String(record.id)));
            return markReadOnly(response, context, fields, reason);
          },
        },
        show: {
          // A converted lead links to its customer, and shows the customer's contracts to a role that may read them.
          after: async (response: ActionResponse, _request: ActionRequest, context: ActionContext) => {
            const record = (response as RecordActionResponse).record;
            if (record?.params.status === 'converted') {
              const card = await customerCardOfLead(actorOf(context)!, String(record.id));
              if (card) {
                record.params.customerId = card.customerId;
                // the customer as a link for a role that may open it (its record's show action), else its name
                const customer = can(actorOf(context), 'customers', 'show')
                  ? await context._admin.findResource('customers').findOne(String(card.customerId))
                  : null;
                record.populated.customerId = customer ? customer.toJSON(context.currentAdmin) : referenceTo(card.customerId, card.displayName);
                if (card.contracts) record.params.card = JSON.stringify(card);
              }
            }
            return response;
          },
        },
      },
    },
    {
      import: { permission: 'import', actionType: 'resource', icon: 'Upload', component: Components.ImportLeads, form: importAction(ui.limits) },
      ...exportActions('leads'),
      convert: {
        permission: 'convert',
        actionType: 'record',
        icon: 'UserCheck',
        component: Components.ConvertLead,
        // Offered on working leads only, but its page opens in any state (Back after converting, an old link) and
        // says so: a converted lead's page links to its customer (the service refuses a second conversion anyway).
        custom: { maxDocumentBytes: ui.limits.documentBytes, opensInAnyState: true },
        isVisible: isWorking,
        form: async (_request: ActionRequest, _res: unknown, context: ActionContext) => {
          const leadId = String(context.record!.id());
          if (context.record!.param('status') === 'converted') {
            const customer = await customerOfLead(actorOf(context)!, leadId);
            return { record: context.record!.toJSON(context.currentAdmin), customer: customer ? { id: String(customer.id), title: customer.displayName } : null };
          }
          return { record: context.record!.toJSON(context.currentAdmin), defaults: await conversionDefaults(actorOf(context)!, leadId) };
        },
        handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
          const actor = actorOf(context)!;
          const leadId = String(context.record!.id());
          const { document, ...fields } = (request.payload ?? {}) as Record<string, unknown>;
          const file = uploaded(document);
          const { customer } = await convertLead(actor, leadId, fields, file, ui.limits).finally(() => discardUploads([file]));
          return {
            record: await reload(context),
            notice: { message: 'leadConverted', type: 'success' },
            redirectUrl: context.h.recordActionUrl({ resourceId: 'customers', recordId: String(customer.id), actionName: 'show' }),
          };
        },
      },
      take: {
        permission: 'take',
        actionType: 'record',
        icon: 'UserPlus',
        component: Components.ConfirmAction,
        guard: 'confirmTake',
        isVisible: ({ record }: { record?: { param(p: string): unknown } }) => record?.param('status') === 'new' && !record?.param('assigneeId'),
        handler: async (_request: ActionRequest, _res: unknown, context: ActionContext) => {
          await takeLead(actorOf(context)!, String(context.record!.id()));
          return backToCard(context, 'leadTaken');
        },
      },
      assign: {
        permission: 'assign',
        actionType: 'record',
        icon: 'Users',
        component: Components.AssignLeads,
        isVisible: isWorking,
        handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
          await assignLeads(actorOf(context)!, { ids: [String(context.record!.id())] }, request.payload ?? {}, ui.limits);
          return backToCard(context, 'leadsAssigned');
        },
      },
      unassign: {
        permission: 'unassign',
        actionType: 'record',
        icon: 'UserMinus',
        component: Components.ConfirmAction,
        guard: 'confirmUnassign',
        isVisible: ({ record }: { record?: { param(p: string): unknown } }) => isWorking({ record }) && !!record?.param('assigneeId'),
        handler: async (_request: ActionRequest, _res: unknown, context: ActionContext) => {
          await unassignLeads(actorOf(context)!, { ids: [String(context.record!.id())] }, ui.limits);
          return backToCard(context, 'leadsUnassigned');
        },
      },
      bulkAssign: bulkAssigneeAction('assign', 'Users', 'leadsAssigned', (actor, ids, payload) => assignLeads(actor, { ids }, payload, ui.limits)),
      bulkUnassign: bulkAssigneeAction('unassign', 'UserMinus', 'leadsUnassigned', (actor, ids) => unassignLeads(actor, { ids }, ui.limits)),
      markLost: {
        permission: 'markLost',
        actionType: 'record',
        icon: 'UserX',
        component: Components.MarkLost,
        isVisible: isWorking,
        handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
          await markLeadLost(actorOf(context)!, String(context.record!.id()), request.payload ?? {});
          return {
            record: await reload(context),
            notice: { message: 'leadMarkedLost', type: 'success' },
            redirectUrl: context.h.recordActionUrl({ resourceId: 'leads', recordId: String(context.record!.id()), actionName: 'show' }),
          };
        },
      },
    },
  ),
});
