import type { ResourceId } from '../users/permissions.js';

/**
 * How the history reads each recorded field of each resource: which fields an edit compares (in this order), and
 * how a value is shown. `ref`: an id of another resource, shown by that record's name (resolved when read, see
 * history.render.ts); `secret`: recorded as "changed", never with a value.
 */
export type FieldKind =
  | 'text' | 'plain' | 'money' | 'date' | 'enum' | 'enumList' | 'bool' | 'secret'
  | { ref: ResourceId };

export const HISTORY_FIELDS: Record<ResourceId, Record<string, FieldKind>> = {
  services: { name: 'text', description: 'text', price: 'money' },
  campaigns: { name: 'text', serviceId: { ref: 'services' }, channel: 'enum', budget: 'money', status: 'enum' },
  leads: {
    lastName: 'text', firstName: 'text', middleName: 'text', phone: 'plain', email: 'plain',
    campaignId: { ref: 'campaigns' }, status: 'enum', assigneeId: { ref: 'users' }, notes: 'text', lostReason: 'text',
  },
  contracts: {
    name: 'text', serviceId: { ref: 'services' }, customerId: { ref: 'customers' }, amount: 'money',
    signedOn: 'date', startsOn: 'date', endsOn: 'date', document: 'text',
  },
  customers: { displayName: 'text', leadId: { ref: 'leads' } },
  users: { email: 'plain', fullName: 'text', roles: 'enumList', active: 'bool', password: 'secret' },
};

/** What a meta key of an event points at, so it too is shown by name. */
export const META_REFS: Record<string, ResourceId> = { customerId: 'customers', contractId: 'contracts', campaignId: 'campaigns', leadId: 'leads' };

/** A field name that may carry a secret: never recorded with a value, whatever a caller passes. */
export const SECRET_FIELD = /password|secret|hash/i;

/** The table and title column of each resource, to name a referenced record and to tell a missing one. */
export const TITLES: Record<ResourceId, { table: string; title: string }> = {
  services: { table: 'services', title: 'name' },
  campaigns: { table: 'campaigns', title: 'name' },
  leads: { table: 'leads', title: 'full_name' },
  contracts: { table: 'contracts', title: 'name' },
  customers: { table: 'customers', title: 'display_name' },
  users: { table: 'users', title: 'full_name' },
};
