import type { ActionResponse, ListActionResponse, RecordActionResponse, RecordJSON, ResourceWithOptions } from 'adminjs';
import { Components } from '../../admin/components.js';
import { CrmResource } from '../../admin/crm-resource.js';
import { withPermissions } from '../../admin/resource-options.js';
import { moneyProperty, NAV, readOnly, showOnly, type UiSettings } from '../../admin/ui.js';
import { contractCounts, salesVolumes } from './conversion.service.js';
import { Customer } from './customer.entity.js';

/** Adds each customer's sales volume and contract count to a page of records, in one query. */
async function withSales(records: RecordJSON[]): Promise<void> {
  const ids = records.map((r) => Number(r.id));
  const [volumes, counts] = await Promise.all([salesVolumes(ids), contractCounts(ids)]);
  for (const r of records) {
    r.params.salesVolume = volumes.get(Number(r.id)) ?? '0.00';
    r.params.contractsCount = counts.get(Number(r.id)) ?? 0;
  }
}

/** Customers are created only by converting a lead: the panel lists and shows them, nothing more. */
export const customersResource = (ui: UiSettings): ResourceWithOptions => ({
  resource: new CrmResource(Customer, 'customers'),
  options: withPermissions('customers', {
    navigation: NAV.sales,
    titleProperty: 'displayName',
    sort: { sortBy: 'convertedAt', direction: 'desc' },
    listProperties: ['id', 'displayName', 'leadId', 'salesVolume', 'convertedAt', 'convertedById'],
    filterProperties: ['displayName', 'convertedAt', 'convertedById'],
    showProperties: ['id', 'displayName', 'leadId', 'salesVolume', 'contractsCount', 'convertedAt', 'convertedById', 'createdAt'],
    properties: {
      leadId: { reference: 'leads' },
      convertedById: { reference: 'users' },
      salesVolume: moneyProperty(ui, { isVisible: { list: true, show: true, edit: false, filter: false }, isSortable: false }),
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
        after: async (response: ActionResponse) => {
          await withSales((response as ListActionResponse).records);
          return response;
        },
      },
      show: {
        after: async (response: ActionResponse) => {
          await withSales([(response as RecordActionResponse).record]);
          return response;
        },
      },
    },
  }),
});
