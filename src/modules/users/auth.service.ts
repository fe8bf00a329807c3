import crypto from 'node:crypto';
import type { Limits } from '../../config.js';
import { db } from '../../db/current.js';
import { DomainError, msg } from '../../shared/errors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { toSessionUser, type SessionUser } from './sessions.js';
import { User } from './user.entity.js';

export interface LoginLimits {
  /** Failures allowed per account (from any address). */
  maxAttempts: number;
  /** Failures allowed per client address (over all accounts): higher, as an office may share one address. */
  maxAttemptsPerIp: number;
  windowMinutes: number;
  /** BCRYPT_ROUNDS, so that checking an unknown e-mail costs what checking a real password costs. */
  hashRounds: number;
}

// A hash to compare against when the e-mail is unknown, so both paths take the same time. Made on first use, with
// the rounds the real hashes have.
const dummyHashes = new Map<number, Promise<string>>();
const dummy = (rounds: number) => {
  let hash = dummyHashes.get(rounds);
  if (!hash) dummyHashes.set(rounds, (hash = hashPassword(crypto.randomUUID(), rounds)));
  return hash;
};

/**
 * Checks e-mail and password. Failed attempts are counted per account and per client address in PostgreSQL, so
 * the limit holds across app processes and restarts; past it, even a right password is refused for a while.
 */
export async function authenticate(emailRaw: unknown, passwordRaw: unknown, ip: string, limits: LoginLimits): Promise<SessionUser> {
  const email = typeof emailRaw === 'string' ? emailRaw.trim().toLowerCase().slice(0, 254) : '';
  const password = typeof passwordRaw === 'string' ? passwordRaw.slice(0, 200) : '';
  const emailKey = `email:${email}`;
  const reserved = await reserveAttempt([emailKey, `ip:${ip}`], limits);

  const user = email
    ? await db().getRepository(User).createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email }).getOne()
    : null;
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummy(limits.hashRounds)));
  if (!user || !ok || !user.active) {
    // The reserved rows stay: they are this failure's record. An inactive account gets the same answer as a
    // wrong password: nothing to learn from it.
    throw new DomainError('unauthenticated', msg('auth.wrongCredentials'));
  }
  // A success forgives the account's failures; of the address's rows only this attempt's own goes, so
  // failures made from that address on other accounts keep counting.
  await db().query(`DELETE FROM login_attempts WHERE key = $1 OR id = ANY($2::bigint[]) OR attempted_at < now() - interval '1 day'`, [emailKey, reserved]);
  return toSessionUser(user);
}

/**
 * Records an attempt on every key before the password is checked, or refuses it when a key has reached its limit.
 * Counting and recording happen under a per-key lock in one short transaction: counting first and recording after
 * the slow bcrypt check let a parallel burst through (25 parallel guesses got 12 checks against a limit of 5).
 * Refused attempts are not recorded, so a locked account opens again once its failures leave the window.
 * Returns the ids of the rows written.
 */
async function reserveAttempt(keys: [emailKey: string, ipKey: string], limits: LoginLimits): Promise<string[]> {
  return db().transaction(async (m) => {
    // Locks taken in one fixed order (by hash), so two requests sharing both keys cannot deadlock. The two-number
    // form keeps these apart from the one-number advisory locks used elsewhere.
    await m.query(
      `SELECT pg_advisory_xact_lock(727002, h) FROM (SELECT DISTINCT hashtext(k) AS h FROM unnest($1::text[]) AS k ORDER BY 1) AS ordered`,
      [keys],
    );
    const [{ byEmail, byIp }] = await m.query(
      `SELECT count(*) FILTER (WHERE key = $1)::int AS "byEmail", count(*) FILTER (WHERE key = $2)::int AS "byIp"
         FROM login_attempts WHERE key = ANY(ARRAY[$1, $2]) AND attempted_at > now() - make_interval(secs => $3)`,
      [keys[0], keys[1], limits.windowMinutes * 60],
    );
    if (byEmail >= limits.maxAttempts || byIp >= limits.maxAttemptsPerIp) {
      throw new DomainError('rate_limited', msg('auth.tooManyAttempts'));
    }
    const rows: { id: string }[] = await m.query(`INSERT INTO login_attempts (key) SELECT unnest($1::text[]) RETURNING id`, [keys]);
    return rows.map((r) => r.id);
  });
}

/** The current state of a session's user: null when deleted or switched off since login. */
export async function refreshSessionUser(id: number): Promise<SessionUser | null> {
  const user = await db().getRepository(User).findOneBy({ id });
  return user && user.active ? toSessionUser(user) : null;
}

/** On first start, creates the administrator from ADMIN_EMAIL/ADMIN_PASSWORD, or with a generated password. */
export async function ensureFirstAdmin(email: string | undefined, password: string | undefined, limits: Pick<Limits, 'hashRounds'>): Promise<{ email: string; password?: string } | null> {
  return db().transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(727001)`); // two processes starting at once create one admin
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM users`);
    if (n > 0) return null;
    const adminEmail = (email ?? 'admin@example.com').toLowerCase();
    const generated = password ? undefined : crypto.randomBytes(12).toString('base64url');
    await m.save(
      m.create(User, {
        email: adminEmail,
        fullName: 'Администратор',
        roles: ['admin'],
        passwordHash: await hashPassword(password ?? generated!, limits.hashRounds),
        active: true,
      }),
    );
    return { email: adminEmail, password: generated };
  });
}
