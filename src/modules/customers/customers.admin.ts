import type { ActionResponse, ListActionResponse, RecordActionResponse, RecordJSON, ResourceWithOptions } from 'adminjs';
import { Components } from '../../admin/components.js';
import { CrmResource } from '../../admin/crm-resource.js';
import { withPermissions } from '../../admin/resource-options.js';
import { exportActions } from '../export/export.admin.js';
import { moneyProperty, NAV, readOnly, showOnly, type UiSettings } from '../../admin/ui.js';
import { db } from '../../db/current.js';
import { salesVolumes } from './conversion.service.js';
import { Customer } from './customer.entity.js';

/** Adds each customer's sales volume and contract count to a page of records, in one query. */
async function withSales(records: RecordJSON[]): Promise<void> {
  const ids = records.map((r) => Number(r.id));
  const volumes = await salesVolumes(ids);
  const counts: { customer_id: number; n: number }[] = ids.length
    ? await db().query(`SELECT customer_id, count(*)::int AS n FROM contracts WHERE customer_id = ANY($1) GROUP BY customer_id`, [ids])
    : [];
  for (const r of records) {
    r.params.salesVolume = volumes.get(Number(r.id)) ?? '0.00';
    r.params.contractsCount = counts.find((c) => c.customer_id === Number(r.id))?.n ?? 0;
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
  }, exportActions('customers')),
});
