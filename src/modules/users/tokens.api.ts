import { Api, intId } from '../../api/endpoint.js';
import { Instant, IdPath, z } from '../../api/schemas.js';
import type { ApiToken } from './tokens.entity.js';
import { issueToken, listTokens, revokeToken } from './tokens.service.js';
import { getUser } from './users.service.js';

export const TokenOut = z
  .object({
    id: z.number().int(), userId: z.number().int(), name: z.string(), prefix: z.string().openapi({ description: 'The first characters, to tell tokens apart' }),
    createdAt: Instant, expiresAt: Instant.nullable(), lastUsedAt: Instant.nullable(), revokedAt: Instant.nullable(),
  })
  .openapi('ApiToken');

export const toToken = (t: ApiToken): z.infer<typeof TokenOut> => ({
  id: t.id, userId: t.userId, name: t.name, prefix: t.prefix, createdAt: t.createdAt.toISOString(),
  expiresAt: t.expiresAt?.toISOString() ?? null, lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null,
});

/** Personal API tokens: administrators issue them to users and revoke them. */
export function tokensApi(api: Api): void {
  api.add({
    method: 'get', path: '/users/{id}/tokens', tag: 'tokens', summary: 'A user\'s API tokens (never the secrets)',
    permission: ['users', 'show'], params: IdPath,
    responses: { 200: { description: 'Tokens, newest first', schema: z.object({ items: z.array(TokenOut) }).openapi('ApiTokenList') } },
    handler: async ({ actor, params }) => {
      const user = await getUser(actor, intId(params.id));
      return { json: { items: (await listTokens(actor, user.id)).map(toToken) } };
    },
  });
  api.add({
    method: 'post', path: '/users/{id}/tokens', tag: 'tokens', summary: 'Issue an API token for a user: the secret is in this answer only',
    permission: ['users', 'edit'], params: IdPath,
    idempotent: false, // a replay would need the secret stored, and only its hash is
    body: z.object({ name: z.string().max(1000).openapi({ example: 'Форма на сайте' }), expiresOn: z.string().max(40).optional().openapi({ description: 'YYYY-MM-DD; none: no expiry' }) }),
    responses: {
      201: {
        description: 'Issued. Send it as `Authorization: Bearer <secret>`; only its hash is stored.',
        schema: z.object({ token: TokenOut, secret: z.string().openapi({ example: 'crm_…' }) }).openapi('IssuedApiToken'),
      },
    },
    handler: async ({ actor, params, body }) => {
      const user = await getUser(actor, intId(params.id));
      const { token, secret } = await issueToken(actor, { ...body, userId: user.id });
      return { status: 201, json: { token: toToken(token), secret } };
    },
  });
  api.add({
    method: 'delete', path: '/tokens/{id}', tag: 'tokens', summary: 'Revoke an API token (it stops working at once)',
    permission: ['users', 'edit'], params: IdPath,
    responses: { 204: { description: 'Revoked' } },
    handler: async ({ actor, params }) => {
      await revokeToken(actor, intId(params.id));
      return { status: 204 };
    },
  });
}
