import type { ResourceWithOptions } from 'adminjs';
import { CrmResource } from '../../admin/crm-resource.js';
import { withPermissions } from '../../admin/resource-options.js';
import { NAV, readOnly } from '../../admin/ui.js';
import { User } from './user.entity.js';
import { createUser, deleteUsers, updateUser } from './users.service.js';

export const usersResource = (): ResourceWithOptions => ({
  resource: new CrmResource(User, 'users', {
    create: (actor, p) => createUser(actor, p),
    update: (actor, id, p) => updateUser(actor, Number(id), p),
    delete: (actor, ids) => deleteUsers(actor, ids.map(Number)),
  }),
  options: withPermissions('users', {
    navigation: NAV.administration,
    titleProperty: 'fullName',
    sort: { sortBy: 'email', direction: 'asc' },
    listProperties: ['id', 'email', 'fullName', 'roles', 'active'],
    filterProperties: ['email', 'fullName', 'roles', 'active'],
    editProperties: ['email', 'fullName', 'roles', 'active', 'password'],
    showProperties: ['id', 'email', 'fullName', 'roles', 'active', 'createdAt', 'updatedAt'],
    properties: {
      email: { isRequired: true },
      fullName: { isRequired: true },
      roles: { isRequired: true },
      password: { type: 'password', isVisible: { list: false, show: false, edit: true, filter: false } },
      createdAt: readOnly,
      updatedAt: readOnly,
    },
  }),
});
