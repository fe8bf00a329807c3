import type { ActionResponse, RecordActionResponse, ResourceWithOptions } from 'adminjs';
import { CrmResource } from '../../admin/crm-resource.js';
import { withPermissions } from '../../admin/resource-options.js';
import { exportActions } from '../export/export.admin.js';
import { moneyProperty, NAV, readOnly, showOnly, type UiSettings } from '../../admin/ui.js';
import { Components } from '../../admin/components.js';
import { Contract } from './contract.entity.js';

const dateProperty = { type: 'date' as const, isRequired: true, components: { edit: Components.DateEdit } };
import { createContract, deleteContracts, updateContract } from './contracts.service.js';
import { documentFileName } from './documents.service.js';

/** The document's file name beside its id, for the show page's link and the edit form's "current file". */
const withDocumentName = async (response: ActionResponse) => {
  const record = (response as RecordActionResponse).record;
  if (record?.params.documentId) {
    record.params.documentName = await documentFileName(Number(record.params.documentId));
  }
  return response;
};

export const contractsResource = (ui: UiSettings): ResourceWithOptions => ({
  resource: new CrmResource(Contract, 'contracts', {
    create: (actor, p, files) => createContract(actor, p, files.document, ui.limits),
    update: (actor, id, p, files) => updateContract(actor, Number(id), p, files.document, ui.limits),
    delete: (actor, ids) => deleteContracts(actor, ids.map(Number)),
  }),
  options: withPermissions('contracts', {
    navigation: NAV.sales,
    titleProperty: 'name',
    sort: { sortBy: 'signedOn', direction: 'desc' },
    listProperties: ['id', 'name', 'customerId', 'serviceId', 'amount', 'signedOn', 'startsOn', 'endsOn'],
    filterProperties: ['name', 'customerId', 'serviceId', 'amount', 'signedOn', 'startsOn', 'endsOn'],
    editProperties: ['name', 'customerId', 'serviceId', 'amount', 'signedOn', 'startsOn', 'endsOn', 'document'],
    showProperties: ['id', 'name', 'customerId', 'serviceId', 'amount', 'signedOn', 'startsOn', 'endsOn', 'documentId', 'createdAt', 'updatedAt'],
    actions: {
      show: { after: withDocumentName },
      edit: { after: withDocumentName },
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
      // Not a column: the file sent with the form (a new one replaces the current document).
      document: { type: 'string', isVisible: { list: false, filter: false, show: false, edit: true }, components: { edit: Components.DocumentEdit }, custom: { maxBytes: ui.limits.documentBytes } },
      createdAt: readOnly,
      updatedAt: showOnly,
    },
  }, exportActions('contracts')),
});
