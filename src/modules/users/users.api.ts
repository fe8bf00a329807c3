import type { Limits } from '../../config.js';
import { Api, intId } from '../../api/endpoint.js';
import { IdPath, listQuery, page, queryBool, querySearch, z } from '../../api/schemas.js';
import { ROLES } from './roles.js';
import type { User } from './user.entity.js';
import { createUser, deleteUsers, getUser, listUsers, updateUser } from './users.service.js';

export const UserOut = z
  .object({ id: z.number().int(), email: z.string(), fullName: z.string(), roles: z.array(z.enum(ROLES)), active: z.boolean() })
  .openapi('User');

export const toUser = (u: User): z.infer<typeof UserOut> => ({ id: u.id, email: u.email, fullName: u.fullName, roles: u.roles, active: u.active });

const UserIn = z.object({
  email: z.string().max(1000),
  fullName: z.string().max(1000),
  roles: z.array(z.enum(ROLES)).max(10),
  active: z.boolean().optional(),
  password: z.string().max(1000).openapi({ description: 'At least 8 characters; never returned' }),
});

const OpenLeadsTo = z
  .union([z.literal('none'), z.number().int(), z.string().regex(/^\d{1,15}$/)])
  .optional()
  .openapi({
    description: 'When the user stops being a possible responsible manager (deactivated, no manager/admin role, deleted) while owning open leads: ' +
      '`none` leaves those leads unassigned, a user id hands them to that active manager or admin. Without it such a change is refused (409).',
    example: 'none',
  });

export const ListQuery = listQuery(['id', 'email', 'createdAt'] as const).extend({
  role: z.enum(ROLES).optional(),
  active: queryBool.optional(),
  search: querySearch.optional().openapi({ description: 'Part of the e-mail or the name' }),
  email: querySearch.optional().openapi({ description: 'Part of the e-mail only' }),
  fullName: querySearch.optional().openapi({ description: 'Part of the name only' }),
});

/** /users: accounts and roles, administrators only. */
export function usersApi(api: Api, limits: Limits): void {
  api.add({
    method: 'get', path: '/users', tag: 'users', summary: 'List users (default sort: email)',
    permission: ['users', 'list'], query: ListQuery,
    responses: { 200: { description: 'A page of users', schema: page(UserOut, 'UserPage') } },
    handler: async ({ actor, query }) => {
      const { items, nextCursor } = await listUsers(actor, query);
      return { json: { items: items.map(toUser), nextCursor } };
    },
  });
  api.add({
    method: 'post', path: '/users', tag: 'users', summary: 'Create a user',
    permission: ['users', 'new'], body: UserIn,
    responses: { 201: { description: 'Created', schema: UserOut }, 409: { description: 'The e-mail is taken' } },
    handler: async ({ actor, body }) => ({ status: 201, json: toUser(await createUser(actor, body, limits)) }),
  });
  api.add({
    method: 'get', path: '/users/{id}', tag: 'users', summary: 'Read a user',
    permission: ['users', 'show'], params: IdPath,
    responses: { 200: { description: 'The user', schema: UserOut } },
    handler: async ({ actor, params }) => ({ json: toUser(await getUser(actor, intId(params.id))) }),
  });
  api.add({
    method: 'patch', path: '/users/{id}', tag: 'users', summary: 'Change a user (not one\'s own roles; one active administrator always stays)',
    permission: ['users', 'edit'], params: IdPath, body: UserIn.partial().extend({ openLeadsTo: OpenLeadsTo }),
    responses: { 200: { description: 'Updated', schema: UserOut }, 409: { description: 'The e-mail is taken, the last administrator, or open leads without openLeadsTo' } },
    handler: async ({ actor, params, body }) => ({ json: toUser(await updateUser(actor, intId(params.id), body, limits)) }),
  });
  api.add({
    method: 'delete', path: '/users/{id}', tag: 'users', summary: 'Delete a user (not oneself, not the last administrator)',
    permission: ['users', 'delete'], params: IdPath, query: z.object({ openLeadsTo: OpenLeadsTo }),
    responses: { 204: { description: 'Deleted' }, 409: { description: 'The last administrator, or open leads without openLeadsTo' } },
    handler: async ({ actor, params, query }) => {
      await deleteUsers(actor, [intId(params.id)], query);
      return { status: 204 };
    },
  });
}
