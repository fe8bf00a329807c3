import type { ActionResponse, RecordActionResponse, ResourceWithOptions } from 'adminjs';
import { Components } from '../../admin/components.js';
import { CrmResource } from '../../admin/crm-resource.js';
import { withPermissions } from '../../admin/resource-options.js';
import { exportActions } from '../export/export.admin.js';
import { NAV, readOnly, type UiSettings } from '../../admin/ui.js';
import { User } from './user.entity.js';
import { createUser, deleteUsers, updateUser } from './users.service.js';

const forgetPassword = async (response: ActionResponse) => {
  const record = (response as RecordActionResponse).record;
  if (record?.params) delete record.params.password;
  return response;
};

export const usersResource = (ui: UiSettings): ResourceWithOptions => ({
  resource: new CrmResource(User, 'users', {
    create: (actor, p) => createUser(actor, p, ui.limits),
    update: (actor, id, p) => updateUser(actor, Number(id), p, ui.limits),
    delete: (actor, ids) => deleteUsers(actor, ids.map(Number)),
  }),
  options: withPermissions('users', {
    navigation: NAV.administration,
    titleProperty: 'fullName',
    sort: { sortBy: 'email', direction: 'asc' },
    listProperties: ['id', 'email', 'fullName', 'roles', 'active'],
    filterProperties: ['email', 'fullName', 'roles', 'active'],
    editProperties: ['email', 'fullName', 'roles', 'active', 'password', 'openLeadsTo'],
    showProperties: ['id', 'email', 'fullName', 'roles', 'active', 'createdAt', 'updatedAt'],
    actions: {
      // The typed password stays in the form's params; it must never travel back to the browser.
      new: { after: forgetPassword },
      edit: { after: forgetPassword },
    },
    properties: {
      email: { isRequired: true },
      fullName: { isRequired: true },
      // role names, where AdminJS's array components show "Количество: 2" (and nothing in the filter), and four
      // checkboxes in the form instead of «Добавить роль» and a select labelled «1» per role
      roles: {
        isRequired: true,
        components: { list: Components.EnumArrayValue, show: Components.EnumArrayValue, filter: Components.EnumArrayValue, edit: Components.EnumArrayValue },
      },
      // A new user's «Активен» starts ticked, and unticking it creates an inactive user.
      active: { custom: { newDefault: true } },
      password: { type: 'password', isVisible: { list: false, show: false, edit: true, filter: false } },
      // Asked when the user stops being a possible responsible manager while owning open leads (deactivated, role
      // taken away): the service refuses beside this field until it says who takes them, or «без ответственного».
      openLeadsTo: {
        type: 'string',
        isVisible: { list: false, show: false, edit: true, filter: false },
        components: { edit: Components.AssigneeEdit },
        custom: { noneLabel: 'Assignee.leaveUnassigned' },
      },
      createdAt: readOnly,
      updatedAt: readOnly,
    },
  }, exportActions('users')),
});
