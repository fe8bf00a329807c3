import { Components } from '../../admin/components.js';
import type { ResourceId } from '../users/permissions.js';

/**
 * How a list's query string (AdminJS: `filters.<property>`, `filters.<property>~~from|to`, `sortBy`, `direction`)
 * becomes the export's parameters (the list API's): which filter goes to which parameter, which period to which
 * bounds, which sorts the export knows, and the list's default order. What has no counterpart is named in the
 * export drawer as not applied, never silently dropped.
 */
export interface ExportMapping {
  path: string;
  filters: Record<string, string>;
  ranges: Record<string, [string, string]>;
  sorts: string[];
  defaultSort: { sortBy: string; direction: 'asc' | 'desc' };
}

const MAPPINGS: Record<ResourceId, Omit<ExportMapping, 'path'>> = {
  services: { filters: { name: 'search' }, ranges: {}, sorts: ['id', 'name', 'price', 'createdAt'], defaultSort: { sortBy: 'name', direction: 'asc' } },
  campaigns: {
    filters: { name: 'search', serviceId: 'serviceId', channel: 'channel', status: 'status' },
    ranges: { createdAt: ['createdFrom', 'createdTo'] },
    sorts: ['id', 'name', 'budget', 'createdAt'],
    defaultSort: { sortBy: 'createdAt', direction: 'desc' },
  },
  leads: {
    filters: { search: 'search', fullName: 'search', phone: 'search', email: 'search', campaignId: 'campaignId', status: 'status', assigneeId: 'assigneeId', importBatchId: 'importBatchId' },
    ranges: { createdAt: ['createdFrom', 'createdTo'] },
    sorts: ['id', 'createdAt', 'lastName'],
    defaultSort: { sortBy: 'id', direction: 'desc' },
  },
  customers: {
    filters: { search: 'search', displayName: 'search' },
    ranges: { convertedAt: ['convertedFrom', 'convertedTo'] },
    sorts: ['id', 'convertedAt'],
    defaultSort: { sortBy: 'convertedAt', direction: 'desc' },
  },
  contracts: {
    filters: { name: 'search', customerId: 'customerId', serviceId: 'serviceId' },
    ranges: { signedOn: ['signedFrom', 'signedTo'] },
    sorts: ['id', 'signedOn', 'amount', 'createdAt'],
    defaultSort: { sortBy: 'signedOn', direction: 'desc' },
  },
  users: {
    filters: { email: 'search', fullName: 'search', roles: 'role', active: 'active' },
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
