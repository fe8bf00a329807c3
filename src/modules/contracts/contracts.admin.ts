import type { ResourceWithOptions } from 'adminjs';
import { CrmResource } from '../../admin/crm-resource.js';
import { withPermissions } from '../../admin/resource-options.js';
import { moneyProperty, NAV, readOnly, showOnly, type UiSettings } from '../../admin/ui.js';
import { Contract } from './contract.entity.js';
import { createContract, deleteContracts, updateContract } from './contracts.service.js';

export const contractsResource = (ui: UiSettings): ResourceWithOptions => ({
  resource: new CrmResource(Contract, 'contracts', {
    create: (actor, p) => createContract(actor, p),
    update: (actor, id, p) => updateContract(actor, Number(id), p),
    delete: (actor, ids) => deleteContracts(actor, ids.map(Number)),
  }),
  options: withPermissions('contracts', {
    navigation: NAV.sales,
    titleProperty: 'name',
    sort: { sortBy: 'signedOn', direction: 'desc' },
    listProperties: ['id', 'name', 'customerId', 'serviceId', 'amount', 'signedOn', 'startsOn', 'endsOn'],
    filterProperties: ['name', 'customerId', 'serviceId', 'amount', 'signedOn', 'startsOn', 'endsOn'],
    editProperties: ['name', 'customerId', 'serviceId', 'amount', 'signedOn', 'startsOn', 'endsOn'],
    showProperties: ['id', 'name', 'customerId', 'serviceId', 'amount', 'signedOn', 'startsOn', 'endsOn', 'documentId', 'createdAt', 'updatedAt'],
    properties: {
      name: { isRequired: true },
      customerId: { reference: 'customers', isRequired: true },
      serviceId: { reference: 'services', isRequired: true },
      amount: moneyProperty(ui, { isRequired: true }),
      signedOn: { type: 'date', isRequired: true },
      startsOn: { type: 'date', isRequired: true },
      endsOn: { type: 'date', isRequired: true },
      documentId: showOnly,
      createdAt: readOnly,
      updatedAt: showOnly,
    },
  }),
});
