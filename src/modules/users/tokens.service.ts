import crypto from 'node:crypto';
import { z } from 'zod';
import { db } from '../../db/current.js';
import { withDbErrors } from '../../shared/db-errors.js';
import { msg, notFound, validationError } from '../../shared/errors.js';
import { dateOnly, id, parseInput, requiredText } from '../../shared/validation.js';
import { toSessionUser, type SessionUser } from './sessions.js';
import { recordEvent } from '../history/history.service.js';
import { assertCan, type Actor } from './permissions.js';
import type { Role } from './roles.js';
import { ApiToken } from './tokens.entity.js';
import { User } from './user.entity.js';

const TOKEN_PREFIX = 'crm_';
/** last_used_at is refreshed at most this often: a busy integration must not cost a write per request. */
const TOUCH_EVERY_MS = 60_000;

const tokenInput = z.object({
  userId: id,
  name: requiredText(200),
  expiresOn: z.preprocess((v) => (v === '' || v === null ? undefined : v), dateOnly.optional()),
});

export const hashToken = (secret: string) => crypto.createHash('sha256').update(secret, 'utf8').digest('hex');

/** Issues a personal API token for a user (administrators): the secret is returned here once and never stored. */
export async function issueToken(actor: Actor, input: unknown): Promise<{ token: ApiToken; secret: string }> {
  assertCan(actor, 'users', 'edit');
  const data = parseInput(tokenInput, input);
  const user = await db().getRepository(User).findOneBy({ id: data.userId });
  if (!user) throw validationError({ userId: msg('user.notFound') });
  const today = new Date().toISOString().slice(0, 10);
  if (data.expiresOn && data.expiresOn <= today) throw validationError({ expiresOn: msg('token.expiryInPast') });
  const secret = TOKEN_PREFIX + crypto.randomBytes(32).toString('base64url');
  const token = await withDbErrors(() =>
    db().transaction(async (m) => {
      const saved = await m.save(
        m.create(ApiToken, {
          userId: data.userId,
          name: data.name,
          tokenHash: hashToken(secret),
          prefix: secret.slice(0, 12),
          createdById: actor.id,
          expiresAt: data.expiresOn ? new Date(`${data.expiresOn}T00:00:00Z`) : null,
        }),
      );
      // In the user's history: which token (its id and name), never its secret, hash or prefix.
      await recordEvent(m, actor, { resource: 'users', recordId: user.id, title: user.fullName, action: 'tokenIssue', meta: { tokenId: saved.id, name: saved.name, expiresOn: data.expiresOn ?? null } });
      return m.findOneByOrFail(ApiToken, { id: saved.id });
    }),
  );
  return { token, secret };
}

/** The tokens of one user (or of everyone), newest first, without their hashes. */
export async function listTokens(actor: Actor, userId?: number): Promise<ApiToken[]> {
  assertCan(actor, 'users', 'show');
  return db().getRepository(ApiToken).find({ where: userId === undefined ? {} : { userId }, order: { id: 'DESC' }, take: 500 });
}

/** Revokes a token at once; revoking one already revoked changes nothing. */
export async function revokeToken(actor: Actor, tokenId: number): Promise<ApiToken> {
  assertCan(actor, 'users', 'edit');
  return db().transaction(async (m) => {
    const token = await m.findOne(ApiToken, { where: { id: tokenId }, lock: { mode: 'pessimistic_write' } });
    if (!token) throw notFound('token.notFound');
    if (!token.revokedAt) {
      await m.update(ApiToken, { id: tokenId }, { revokedAt: new Date() });
      const [user]: { full_name: string }[] = await m.query(`SELECT full_name FROM users WHERE id = $1`, [token.userId]);
      await recordEvent(m, actor, { resource: 'users', recordId: token.userId, title: user?.full_name ?? '', action: 'tokenRevoke', meta: { tokenId, name: token.name } });
    }
    return m.findOneByOrFail(ApiToken, { id: tokenId });
  });
}

/**
 * Who a bearer token acts for: its user, with the user's current roles, as long as the token is neither revoked
 * nor expired and the user is still active. Null otherwise.
 */
export async function actorForToken(secret: string): Promise<SessionUser | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 100) return null;
  // Plain SQL: this runs on every API request made with a token.
  const [row]: { id: number; last_used_at: Date | null; user_id: number; email: string; full_name: string; roles: Role[] }[] = await db().query(
    `SELECT t.id, t.last_used_at, u.id AS user_id, u.email, u.full_name, u.roles::text[] AS roles
     FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now()) AND u.active`,
    [hashToken(secret)],
  );
  if (!row) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
    await db().query(`UPDATE api_tokens SET last_used_at = now() WHERE id = $1`, [row.id]);
  }
  return toSessionUser({ id: row.user_id, email: row.email, roles: row.roles, fullName: row.full_name });
}
