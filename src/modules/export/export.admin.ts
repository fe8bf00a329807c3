import { Components } from '../../admin/components.js';
import type { ResourceId } from '../users/permissions.js';
import type { ExportMapping } from './export-params.js';

/** Every filter each list offers (its filterProperties), with the list API's parameter that filters the same way. */
const MAPPINGS: Record<ResourceId, Omit<ExportMapping, 'path'>> = {
  services: {
    filters: { name: 'search' },
    ranges: { createdAt: ['createdFrom', 'createdTo'] },
    amounts: { price: ['priceFrom', 'priceTo'] },
    sorts: ['id', 'name', 'price', 'createdAt'],
    defaultSort: { sortBy: 'name', direction: 'asc' },
  },
  campaigns: {
    filters: { name: 'search', serviceId: 'serviceId', channel: 'channel', status: 'status' },
    ranges: { createdAt: ['createdFrom', 'createdTo'], launchedAt: ['launchedFrom', 'launchedTo'] },
    amounts: { budget: ['budgetFrom', 'budgetTo'] },
    sorts: ['id', 'name', 'budget', 'createdAt'],
    defaultSort: { sortBy: 'createdAt', direction: 'desc' },
  },
  leads: {
    filters: {
      search: 'search', fullName: 'fullName', phone: 'phone', email: 'email', campaignId: 'campaignId', status: 'status', assigneeId: 'assigneeId',
      createdById: 'createdById', importBatchId: 'importBatchId',
    },
    ranges: { createdAt: ['createdFrom', 'createdTo'] },
    sorts: ['id', 'createdAt', 'lastName'],
    defaultSort: { sortBy: 'id', direction: 'desc' },
  },
  customers: {
    filters: { search: 'search', displayName: 'name', assigneeId: 'assigneeId', convertedById: 'convertedById' },
    ranges: { convertedAt: ['convertedFrom', 'convertedTo'] },
    sorts: ['id', 'convertedAt'],
    defaultSort: { sortBy: 'convertedAt', direction: 'desc' },
  },
  contracts: {
    filters: { name: 'search', customerId: 'customerId', serviceId: 'serviceId' },
    ranges: { signedOn: ['signedFrom', 'signedTo'], startsOn: ['startsFrom', 'startsTo'], endsOn: ['endsFrom', 'endsTo'] },
    amounts: { amount: ['amountFrom', 'amountTo'] },
    sorts: ['id', 'signedOn', 'amount', 'createdAt'],
    defaultSort: { sortBy: 'signedOn', direction: 'desc' },
  },
  users: {
    filters: { email: 'email', fullName: 'fullName', roles: 'role', active: 'active' },
    ranges: {},
    sorts: ['id', 'email', 'createdAt'],
    defaultSort: { sortBy: 'email', direction: 'asc' },
  },
};

/**
 * The list's «Экспорт» (a drawer over the list, which hands it the list's query string) and the bulk bar's «Экспорт
 * выбранных». Both only build a link to GET /api/v1/{resource}/export, which checks the permission itself; the
 * actions are offered to whoever may list the resource (the same row of the permission table).
 */
export const exportActions = (resource: ResourceId) => {
  const custom: ExportMapping = { path: `/api/v1/${resource}/export`, ...MAPPINGS[resource] };
  return {
    export: { permission: 'list' as const, actionType: 'resource' as const, icon: 'Download', showInDrawer: true, component: Components.ExportList, custom },
    exportSelected: { permission: 'list' as const, actionType: 'bulk' as const, icon: 'Download', showInDrawer: true, component: Components.ExportList, custom },
  };
};
