/**
 * The shape of a panel session, in one place: under which key express-session keeps the logged-in user, which
 * fields of the user it keeps, and the SQL that finds a user's sessions in the store (connect-pg-simple's table
 * `session`, whose `sess` column is the session's JSON). The panel's login (src/admin/auth.ts), the users service
 * (ending sessions on deactivation, deletion and a new password) and the demo loader all go through here.
 */
import type { Session, SessionData } from 'express-session';
import type { Actor } from './permissions.js';
import type { User } from './user.entity.js';

/**
 * The key of the logged-in user in the session. The name is AdminJS's: @adminjs/express hands
 * `req.session.adminUser` to its controllers as the current admin, so it cannot be renamed here alone.
 */
export const SESSION_USER_KEY = 'adminUser' as const;

/** What the session keeps about the logged-in user (AdminJS's currentAdmin): who they are and their roles. */
export interface SessionUser extends Actor {
  title: string;
}

declare module 'express-session' {
  interface SessionData {
    [SESSION_USER_KEY]?: SessionUser;
    redirectTo?: string;
    /** When the session was last written; re-written every few minutes so expiry slides without a write per request. */
    touchedAt?: number;
  }
}

export const toSessionUser = (u: Pick<User, 'id' | 'email' | 'roles' | 'fullName'>): SessionUser => ({ id: u.id, email: u.email, roles: u.roles, title: u.fullName });

type StoredSession = Partial<SessionData> | undefined;

/** The user a session holds, as it was stored (check it against the database before trusting the roles). */
export const sessionUserOf = (session: StoredSession): SessionUser | undefined => session?.[SESSION_USER_KEY];

/** Puts the user in the session (at login, and when a request has reloaded them). */
export function keepSessionUser(session: Session & Partial<SessionData>, user: SessionUser): void {
  session[SESSION_USER_KEY] = user;
}

/** The session's JSON as the store keeps it, for a user: what tests and fixtures write into the `session` table. */
export const storedSessionOf = (userId: number): Record<string, unknown> => ({ [SESSION_USER_KEY]: { id: userId } });

/** SQL: the id of the user a row of the `session` table belongs to (null for a session without a user). */
export const SESSION_USER_ID_SQL = `(sess->'${SESSION_USER_KEY}'->>'id')::int`;

/** Anything that runs SQL with positional parameters: TypeORM's EntityManager or DataSource, a pg client. */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Removes every session of the given users (but the session `keep`), so a deactivated or deleted account is logged
 * out everywhere and a new password locks out whoever held the old one.
 */
export async function endSessionsOf(q: Queryable, userIds: number[], keep?: string): Promise<void> {
  await q.query(`DELETE FROM session WHERE ${SESSION_USER_ID_SQL} = ANY($1::int[]) AND sid IS DISTINCT FROM $2`, [userIds, keep ?? null]);
}
