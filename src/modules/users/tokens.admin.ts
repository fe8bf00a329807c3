import type { ActionRequest, ActionResponse, ResourceWithOptions } from 'adminjs';
import { Components } from '../../admin/components.js';
import { CrmResource } from '../../admin/crm-resource.js';
import { actorOf, withPermissions } from '../../admin/resource-options.js';
import { NAV, readOnly, showOnly } from '../../admin/ui.js';
import { forbidden } from '../../shared/errors.js';
import type { ResourceId } from './permissions.js';
import { ApiToken } from './tokens.entity.js';
import { issueToken, revokeToken } from './tokens.service.js';

export const API_TOKENS = 'apiTokens';

/**
 * Personal API tokens in the panel (administrators: the users permissions): "issue" shows the secret once, "revoke"
 * stops a token at once. Tokens are never edited; the list shows who has which token and when it was last used.
 */
export const apiTokensResource = (): ResourceWithOptions => {
  const options = withPermissions(
    'users',
    {
      navigation: NAV.administration,
      titleProperty: 'name',
      sort: { sortBy: 'id', direction: 'desc' },
      listProperties: ['id', 'name', 'userId', 'prefix', 'createdAt', 'lastUsedAt', 'expiresAt', 'revokedAt'],
      filterProperties: ['name', 'userId', 'createdAt'],
      showProperties: ['id', 'name', 'userId', 'prefix', 'createdById', 'createdAt', 'lastUsedAt', 'expiresAt', 'revokedAt'],
      properties: {
        userId: { reference: 'users', ...readOnly },
        createdById: { reference: 'users', ...showOnly },
        prefix: readOnly,
        createdAt: readOnly,
        lastUsedAt: readOnly,
        expiresAt: readOnly,
        revokedAt: readOnly,
      },
    },
    {
      issue: {
        actionType: 'resource',
        permission: 'edit',
        icon: 'Key',
        component: Components.ApiTokenIssue,
        handler: async (request: ActionRequest, _response, context): Promise<ActionResponse> => {
          const actor = actorOf(context);
          if (!actor) throw forbidden();
          const { token, secret } = await issueToken(actor, request.payload ?? {});
          return { secret, tokenId: token.id, notice: { message: 'apiTokenIssued', type: 'success' } };
        },
      },
      revoke: {
        actionType: 'record',
        permission: 'edit',
        icon: 'Slash',
        component: Components.ConfirmAction,
        guard: 'revokeApiTokenConfirm',
        isVisible: ({ record }) => !record?.param('revokedAt'),
        handler: async (_request, _response, context): Promise<ActionResponse> => {
          const actor = actorOf(context);
          if (!actor) throw forbidden();
          await revokeToken(actor, Number(context.record!.id()));
          const fresh = await context.resource.findOne(String(context.record!.id()));
          return {
            record: fresh!.toJSON(context.currentAdmin),
            notice: { message: 'apiTokenRevoked', type: 'success' },
            redirectUrl: context.h.resourceUrl({ resourceId: API_TOKENS }),
          };
        },
      },
    },
  );
  // Tokens come from "issue" only (the secret must be shown once), and are never edited.
  const actions = options.actions as Record<string, { isAccessible?: unknown }>;
  for (const name of ['new', 'edit']) actions[name] = { ...actions[name], isAccessible: false };
  return {
    resource: new CrmResource(ApiToken, API_TOKENS as ResourceId, {}),
    options: { ...options, id: API_TOKENS },
  };
};
