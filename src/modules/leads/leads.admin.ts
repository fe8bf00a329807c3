import type { ActionContext, ActionRequest, ActionResponse, RecordActionResponse, ResourceWithOptions } from 'adminjs';
import { Components } from '../../admin/components.js';
import { CrmResource, type CountPolicy } from '../../admin/crm-resource.js';
import { actorOf, referenceTo, uploaded, withPermissions } from '../../admin/resource-options.js';
import { discardUploads } from '../contracts/documents.service.js';
import { NAV, readOnly, showOnly, type UiSettings } from '../../admin/ui.js';
import { db } from '../../db/current.js';
import { conversionDefaults, convertLead, markLeadLost } from '../customers/conversion.service.js';
import { importAction } from '../import/import.admin.js';
import { Lead } from './lead.entity.js';
import { createLead, deleteLeads, updateLead } from './leads.service.js';

const WORKING = ['new', 'in_progress'];
const isWorking = ({ record }: { record?: { param(p: string): unknown } }) => WORKING.includes(String(record?.param('status')));

const reload = async (context: ActionContext) => (await context.resource.findOne(String(context.record!.id())))!.toJSON(context.currentAdmin);

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
  ),
  options: withPermissions(
    'leads',
    {
      navigation: NAV.sales,
      titleProperty: 'fullName',
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['id', 'fullName', 'phone', 'email', 'campaignId', 'status', 'createdAt'],
      filterProperties: ['fullName', 'phone', 'email', 'campaignId', 'status', 'createdAt', 'createdById', 'importBatchId'],
      editProperties: ['lastName', 'firstName', 'middleName', 'phone', 'email', 'campaignId', 'status', 'notes'],
      showProperties: ['id', 'fullName', 'phone', 'email', 'campaignId', 'status', 'customerId', 'lostReason', 'notes', 'importBatchId', 'createdById', 'createdAt', 'updatedAt'],
      properties: {
        lastName: { isRequired: true },
        firstName: { isRequired: true },
        fullName: readOnly,
        phone: { type: 'string', components: { edit: Components.LeadContactEdit, list: Components.ContactValue, show: Components.ContactValue } },
        email: { components: { edit: Components.LeadContactEdit, list: Components.ContactValue, show: Components.ContactValue } },
        campaignId: { reference: 'campaigns', isRequired: true },
        createdById: { reference: 'users', isVisible: { list: false, show: true, edit: false, filter: true } },
        customerId: { reference: 'customers', ...showOnly },
        notes: { type: 'textarea' },
        lostReason: showOnly,
        importBatchId: { type: 'number', isVisible: { list: false, show: true, edit: false, filter: true } },
        createdAt: readOnly,
        updatedAt: showOnly,
      },
      actions: {
        show: {
          // A converted lead links to its customer.
          after: async (response: ActionResponse) => {
            const record = (response as RecordActionResponse).record;
            if (record?.params.status === 'converted') {
              const [row] = await db().query(`SELECT id, display_name FROM customers WHERE lead_id = $1`, [record.id]);
              if (row) {
                record.params.customerId = row.id;
                record.populated.customerId = referenceTo(row.id, row.display_name);
              }
            }
            return response;
          },
        },
      },
    },
    {
      import: { permission: 'import', actionType: 'resource', icon: 'Upload', component: Components.ImportLeads, form: importAction },
      convert: {
        permission: 'convert',
        actionType: 'record',
        icon: 'UserCheck',
        component: Components.ConvertLead,
        // Offered on working leads only, but its page opens in any state (Back after converting, an old link) and
        // says so: a converted lead's page links to its customer (the service refuses a second conversion anyway).
        custom: { maxDocumentBytes: ui.maxDocumentBytes, opensInAnyState: true },
        isVisible: isWorking,
        form: async (_request: ActionRequest, _res: unknown, context: ActionContext) => {
          const leadId = String(context.record!.id());
          if (context.record!.param('status') === 'converted') {
            const [row] = await db().query(`SELECT id, display_name FROM customers WHERE lead_id = $1`, [leadId]);
            return { record: context.record!.toJSON(context.currentAdmin), customer: row ? { id: String(row.id), title: String(row.display_name) } : null };
          }
          return { record: context.record!.toJSON(context.currentAdmin), defaults: await conversionDefaults(actorOf(context)!, leadId) };
        },
        handler: async (request: ActionRequest, _res: unknown, context: ActionContext) => {
          const actor = actorOf(context)!;
          const leadId = String(context.record!.id());
          const { document, ...fields } = (request.payload ?? {}) as Record<string, unknown>;
          const file = uploaded(document);
          const { customer } = await convertLead(actor, leadId, fields, file).finally(() => discardUploads([file]));
          return {
            record: await reload(context),
            notice: { message: 'leadConverted', type: 'success' },
            redirectUrl: context.h.recordActionUrl({ resourceId: 'customers', recordId: String(customer.id), actionName: 'show' }),
          };
        },
      },
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
