import type { ActionContext, ActionRequest, ActionResponse, ListActionResponse, RecordActionResponse, RecordJSON, ResourceWithOptions } from 'adminjs';
import { Components } from '../../admin/components.js';
import { CrmResource } from '../../admin/crm-resource.js';
import { actorOf, withPermissions } from '../../admin/resource-options.js';
import { exportActions } from '../export/export.admin.js';
import { moneyProperty, NAV, readOnly, showOnly, type UiSettings } from '../../admin/ui.js';
import { customerCard, customerNameWhere, customerSearchWhere, customerTotals } from './conversion.service.js';
import { Customer } from './customer.entity.js';

/** Adds each customer's sales volume and contract count to a page of records, in one query. */
async function withSales(records: RecordJSON[], context: ActionContext): Promise<void> {
  const totals = await customerTotals(actorOf(context)!, records.map((r) => Number(r.id)));
  for (const r of records) Object.assign(r.params, totals.get(Number(r.id)) ?? { salesVolume: '0.00', contractsCount: 0 });
}

/**
 * The card's own data: the lead's contacts, the contracts as a table with the sales volume (as far as the role may
 * read them). The contracts travel as one JSON param, which AdminJS leaves as it is.
 */
async function withCard(record: RecordJSON, context: ActionContext): Promise<void> {
  const card = await customerCard(actorOf(context)!, Number(record.id));
  Object.assign(record.params, {
    phone: card.phone,
    email: card.email,
    salesVolume: card.salesVolume,
    contractsCount: card.contractsCount,
    card: JSON.stringify(card),
  });
}

const contact = { type: 'string' as const, ...showOnly, components: { show: Components.ContactValue } };

/** Customers are created only by converting a lead: the panel lists and shows them, nothing more. */
export const customersResource = (ui: UiSettings): ResourceWithOptions => ({
  resource: new CrmResource(Customer, 'customers', {}, undefined, customerSearchWhere, { displayName: customerNameWhere }, { assigneeId: { none: 'IS NULL' } }),
  options: withPermissions('customers', {
    navigation: NAV.sales,
    titleProperty: 'displayName',
    sort: { sortBy: 'convertedAt', direction: 'desc' },
    listProperties: ['id', 'displayName', 'leadId', 'salesVolume', 'convertedAt', 'assigneeId'],
    filterProperties: ['displayName', 'convertedAt', 'assigneeId', 'convertedById'],
    showProperties: ['displayName', 'phone', 'email', 'assigneeId', 'convertedById', 'leadId', 'contracts', 'contractsCount', 'convertedAt', 'id'],
    properties: {
      leadId: { reference: 'leads' },
      convertedById: { reference: 'users' },
      // The responsible manager, inherited from the lead at conversion; «Не назначен» filters those without one.
      assigneeId: { reference: 'users', components: { filter: Components.AssigneeFilter } },
      phone: contact,
      email: contact,
      salesVolume: moneyProperty(ui, { isVisible: { list: true, show: false, edit: false, filter: false }, isSortable: false }),
      contracts: { type: 'string', ...showOnly, components: { show: Components.CustomerContracts }, custom: { currency: ui.currency } },
      contractsCount: {
        ...showOnly,
        components: { show: Components.RelatedLink },
        custom: { resourceId: 'contracts', filter: 'customerId' },
      },
      convertedAt: readOnly,
      createdAt: readOnly,
    },
    actions: {
      list: {
        // The search box over the list (components/ListToolbar.tsx): the name, the lead's phone and e-mail at once.
        custom: { searchBox: true },
        after: async (response: ActionResponse, _request: ActionRequest, context: ActionContext) => {
          await withSales((response as ListActionResponse).records, context);
          return response;
        },
      },
      show: {
        after: async (response: ActionResponse, _request: ActionRequest, context: ActionContext) => {
          const { record } = response as RecordActionResponse;
          if (record) await withCard(record, context);
          return response;
        },
      },
    },
  }, exportActions('customers')),
});
