import type { ResourceWithOptions } from 'adminjs';
import { CrmResource } from '../../admin/crm-resource.js';
import { withPermissions } from '../../admin/resource-options.js';
import { exportActions } from '../export/export.admin.js';
import { moneyProperty, NAV, readOnly, type UiSettings } from '../../admin/ui.js';
import { Service } from './service.entity.js';
import { createService, deleteServices, updateService } from './services.service.js';

export const servicesResource = (ui: UiSettings): ResourceWithOptions => ({
  resource: new CrmResource(Service, 'services', {
    create: (actor, p) => createService(actor, p),
    update: (actor, id, p) => updateService(actor, Number(id), p),
    delete: (actor, ids) => deleteServices(actor, ids.map(Number)),
  }),
  options: withPermissions('services', {
    navigation: NAV.marketing,
    titleProperty: 'name',
    sort: { sortBy: 'name', direction: 'asc' },
    listProperties: ['id', 'name', 'price', 'updatedAt'],
    filterProperties: ['name', 'price', 'createdAt'],
    editProperties: ['name', 'description', 'price'],
    showProperties: ['id', 'name', 'description', 'price', 'createdAt', 'updatedAt'],
    properties: {
      price: moneyProperty(ui, { isRequired: true }),
      name: { isRequired: true },
      description: { type: 'textarea' },
      createdAt: readOnly,
      updatedAt: readOnly,
    },
  }, exportActions('services')),
});
