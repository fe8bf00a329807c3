import type { ResourceWithOptions } from 'adminjs';
import { CrmResource } from '../../admin/crm-resource.js';
import { withPermissions } from '../../admin/resource-options.js';
import { NAV, readOnly } from '../../admin/ui.js';
import { Customer } from './customer.entity.js';

/** Customers are created only by converting a lead: the panel lists and shows them, nothing more. */
export const customersResource = (): ResourceWithOptions => ({
  resource: new CrmResource(Customer, 'customers'),
  options: withPermissions('customers', {
    navigation: NAV.sales,
    titleProperty: 'displayName',
    sort: { sortBy: 'convertedAt', direction: 'desc' },
    listProperties: ['id', 'displayName', 'leadId', 'convertedAt', 'convertedById'],
    filterProperties: ['displayName', 'convertedAt', 'convertedById'],
    showProperties: ['id', 'displayName', 'leadId', 'convertedAt', 'convertedById', 'createdAt'],
    properties: {
      leadId: { reference: 'leads' },
      convertedById: { reference: 'users' },
      convertedAt: readOnly,
      createdAt: readOnly,
    },
  }),
});
