import type { ActionResponse, RecordActionResponse, ResourceWithOptions } from 'adminjs';
import { db } from '../../db/current.js';
import { CrmResource } from '../../admin/crm-resource.js';
import { withPermissions } from '../../admin/resource-options.js';
import { moneyProperty, NAV, readOnly, showOnly, type UiSettings } from '../../admin/ui.js';
import { Components } from '../../admin/components.js';
import { Contract } from './contract.entity.js';

const dateProperty = { type: 'date' as const, isRequired: true, components: { edit: Components.DateEdit } };
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
    actions: {
      show: {
        after: async (response: ActionResponse) => {
          const record = (response as RecordActionResponse).record;
          if (record?.params.documentId) {
            const [doc] = await db().query(`SELECT file_name FROM documents WHERE id = $1`, [record.params.documentId]);
            record.params.documentName = doc?.file_name;
          }
          return response;
        },
      },
    },
    properties: {
      name: { isRequired: true },
      customerId: { reference: 'customers', isRequired: true },
      serviceId: { reference: 'services', isRequired: true },
      amount: moneyProperty(ui, { isRequired: true }),
      signedOn: dateProperty,
      startsOn: dateProperty,
      endsOn: dateProperty,
      documentId: { ...showOnly, components: { show: Components.DocumentLink } },
      createdAt: readOnly,
      updatedAt: showOnly,
    },
  }),
});
