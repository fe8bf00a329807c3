import type { ResourceWithOptions } from 'adminjs';
import { CrmResource } from '../../admin/crm-resource.js';
import { withPermissions } from '../../admin/resource-options.js';
import { NAV, readOnly, showOnly } from '../../admin/ui.js';
import { Lead } from './lead.entity.js';
import { createLead, deleteLeads, updateLead } from './leads.service.js';

/** Past this many rows the unfiltered list shows PostgreSQL's estimate instead of an exact count(*). */
const ESTIMATE_COUNT_ABOVE = 100_000;

export const leadsResource = (): ResourceWithOptions => ({
  resource: new CrmResource(
    Lead,
    'leads',
    {
      create: (actor, p) => createLead(actor, p),
      update: (actor, id, p) => updateLead(actor, id, p),
      delete: (actor, ids) => deleteLeads(actor, ids),
    },
    ESTIMATE_COUNT_ABOVE,
  ),
  options: withPermissions('leads', {
    navigation: NAV.sales,
    titleProperty: 'fullName',
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['id', 'fullName', 'phone', 'email', 'campaignId', 'status', 'createdAt'],
    filterProperties: ['fullName', 'phone', 'email', 'campaignId', 'status', 'createdAt', 'createdById'],
    editProperties: ['lastName', 'firstName', 'middleName', 'phone', 'email', 'campaignId', 'status', 'notes'],
    showProperties: ['id', 'fullName', 'phone', 'email', 'campaignId', 'status', 'lostReason', 'notes', 'importBatchId', 'createdById', 'createdAt', 'updatedAt'],
    properties: {
      lastName: { isRequired: true },
      firstName: { isRequired: true },
      fullName: readOnly,
      phone: { type: 'phone' },
      campaignId: { reference: 'campaigns', isRequired: true },
      createdById: { reference: 'users', isVisible: { list: false, show: true, edit: false, filter: true } },
      notes: { type: 'textarea' },
      lostReason: showOnly,
      importBatchId: showOnly,
      createdAt: readOnly,
      updatedAt: showOnly,
    },
  }),
});
