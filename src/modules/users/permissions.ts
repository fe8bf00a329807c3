import { forbidden } from '../../shared/errors.js';
import type { Role } from './roles.js';

export const RESOURCES = ['services', 'campaigns', 'leads', 'contracts', 'customers', 'users'] as const;
export type ResourceId = (typeof RESOURCES)[number];

export type Action =
  | 'list' | 'show' | 'new' | 'edit' | 'delete'
  | 'launch' | 'finish' | 'convert' | 'markLost' | 'import' | 'download'
  /** users: the journal of every change (each record's own history goes with `show` of its resource). */
  | 'journal'
  | 'take' | 'assign' | 'unassign';

/** The interface a change came through, as its history records it (set where the actor is recognised). */
export type Via = 'panel' | 'api' | 'import' | 'system';

/** Who is acting: the logged-in user as the services see it. */
export interface Actor {
  id: number;
  email: string;
  roles: Role[];
  /** Where the request came from: the panel's adapter says `panel`, the API's authentication `api`; none: `system`. */
  via?: Via;
  /** The session the request came through (none for an API token): a password change ends every other one. */
  sessionId?: string;
}

const ALL: Role[] = ['admin', 'operator', 'marketer', 'manager'];

/**
 * The one role × resource × action table (docs/product.md, "Roles"). The panel's isAccessible, the REST API and the
 * services all ask `can()`; nothing else decides who may do what.
 */
export const PERMISSIONS: Record<ResourceId, Partial<Record<Action, readonly Role[]>>> = {
  users: { list: ['admin'], show: ['admin'], new: ['admin'], edit: ['admin'], delete: ['admin'], journal: ['admin'] },
  services: { list: ALL, show: ALL, new: ['admin', 'marketer'], edit: ['admin', 'marketer'], delete: ['admin', 'marketer'] },
  campaigns: {
    list: ALL, show: ALL,
    new: ['admin', 'marketer'], edit: ['admin', 'marketer'], delete: ['admin', 'marketer'],
    launch: ['admin', 'marketer'], finish: ['admin', 'marketer'],
  },
  leads: {
    list: ALL, show: ALL,
    new: ['admin', 'operator'], edit: ['admin', 'operator', 'manager'], import: ['admin', 'operator'],
    delete: ['admin', 'operator'],
    convert: ['admin', 'manager'], markLost: ['admin', 'manager'],
    // The responsible manager: a manager takes a new lead; admins and managers assign and unassign working leads.
    take: ['admin', 'manager'], assign: ['admin', 'manager'], unassign: ['admin', 'manager'],
  },
  contracts: {
    list: ['admin', 'manager'], show: ['admin', 'manager'], new: ['admin', 'manager'],
    edit: ['admin', 'manager'], delete: ['admin', 'manager'], download: ['admin', 'manager'],
  },
  customers: { list: ['admin', 'manager'], show: ['admin', 'manager'] },
};

/** A user with several roles has the union of their rights. */
export function can(actor: Pick<Actor, 'roles'> | null | undefined, resource: ResourceId, action: Action): boolean {
  if (!actor) return false;
  const allowed = PERMISSIONS[resource][action];
  return !!allowed && actor.roles.some((r) => allowed.includes(r));
}

export function assertCan(actor: Actor | null | undefined, resource: ResourceId, action: Action): asserts actor is Actor {
  if (!can(actor, resource, action)) throw forbidden();
}
