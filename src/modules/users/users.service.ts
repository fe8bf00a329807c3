import { z } from 'zod';
import type { EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Limits } from '../../config.js';
import { db } from '../../db/current.js';
import { withDbErrors } from '../../shared/db-errors.js';
import { escapeLike, keysetPage, type Page, type PageQuery } from '../../shared/keyset.js';
import { DomainError, msg, notFound, validationError } from '../../shared/errors.js';
import { bool, id, parseInput, requiredText } from '../../shared/validation.js';
import { assertAssignable, handOverOpenLeads } from '../leads/assignment.service.js';
import { mayOwnLeads, WORKING_IN_SQL } from '../leads/lead.rules.js';
import { hashPassword } from './passwords.js';
import { changesOf, deleteRecorded, recordEdit, recordEvent, snapshot } from '../history/history.service.js';
import { assertCan, type Actor } from './permissions.js';
import { endSessionsOf } from './sessions.js';
import { ROLES, type Role } from './roles.js';
import { User } from './user.entity.js';

/**
 * What happens to the open leads of a user who stops being a possible assignee (deactivated, no longer a manager or
 * admin, deleted): `none` leaves them unassigned, a user id hands them over to that active manager or admin.
 */
const openLeadsTo = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.union([z.literal('none'), id]).optional());
const leadsDisposal = z.object({ openLeadsTo });

const password = z.string().min(8, 'user.passwordTooShort').max(200);
const userInput = z.object({
  email: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.string().max(254).email()),
  fullName: requiredText(200),
  roles: z.preprocess((v) => (typeof v === 'string' ? [v] : v), z.array(z.enum(ROLES)).min(1, 'user.rolesRequired')),
  active: bool.optional(),
  password: z.preprocess((v) => (v === '' ? undefined : v), password.optional()),
  openLeadsTo,
});

const newUserInput = userInput.extend({ password: z.preprocess((v) => (v === '' ? undefined : v), password) });

const ownRoles = () => new DomainError('forbidden', msg('user.ownAccount'));
const lastAdmin = () => new DomainError('conflict', msg('user.lastAdmin'));

/**
 * Locks, in id order (so concurrent changes queue instead of deadlocking), the active administrators and the
 * users about to change; returns the ids of active administrators that would remain.
 */
async function lockAdminsAnd(m: EntityManager, ids: number[]): Promise<number[]> {
  const rows: { id: number; admin: boolean }[] = await m.query(
    `SELECT id, (active AND 'admin' = ANY(roles)) AS admin FROM users
      WHERE (active AND 'admin' = ANY(roles)) OR id = ANY($1) ORDER BY id FOR UPDATE`,
    [ids],
  );
  return rows.filter((r) => r.admin && !ids.includes(r.id)).map((r) => r.id);
}

/**
 * The open (new, in progress) leads of users who stop being possible assignees: refused while any are left unless
 * `to` says what to do with them — `none` leaves them unassigned, an id hands them to that active manager or admin —
 * done here, in the caller's transaction, with one UPDATE. Never silently orphaned.
 */
async function disposeOpenLeads(m: EntityManager, actor: Actor, users: Pick<User, 'id' | 'fullName'>[], to: number | 'none' | undefined): Promise<void> {
  const ids = users.map((u) => u.id);
  if (!ids.length) return;
  const owned: { id: number; n: number }[] = await m.query(
    `SELECT assignee_id AS id, count(*)::int AS n FROM leads WHERE assignee_id = ANY($1) AND status ${WORKING_IN_SQL} GROUP BY assignee_id ORDER BY assignee_id`,
    [ids],
  );
  if (!owned.length) return;
  if (to === undefined) {
    const first = users.find((u) => u.id === owned[0].id)!;
    const refusal = msg('user.ownsOpenLeads', { name: first.fullName, count: owned.reduce((a, o) => a + o.n, 0) });
    throw new DomainError('conflict', refusal, { openLeadsTo: refusal }, { openLeads: owned.map((o) => ({ userId: o.id, count: o.n })) });
  }
  if (to !== 'none') {
    if (ids.includes(to)) throw validationError({ openLeadsTo: msg('user.leadsTargetIsSelf') }, msg('user.leadsTargetIsSelf'));
    await assertAssignable(m, to, 'openLeadsTo');
  }
  await handOverOpenLeads(m, actor, ids, to === 'none' ? null : to);
}

/** Creates a user with one or more roles (administrators only). */
export async function createUser(actor: Actor, input: unknown, limits: Pick<Limits, 'hashRounds'>): Promise<User> {
  assertCan(actor, 'users', 'new');
  const data = parseInput(newUserInput, input);
  const passwordHash = await hashPassword(data.password, limits.hashRounds);
  const { password: _ignored, ...fields } = data;
  return withDbErrors(() =>
    db().transaction(async (m) => {
      const saved = await m.save(m.create(User, { ...fields, roles: [...new Set(fields.roles)], passwordHash, active: data.active ?? true }));
      const user = await m.findOneByOrFail(User, { id: saved.id });
      await recordEvent(m, actor, { resource: 'users', recordId: user.id, title: user.fullName, action: 'create', changes: changesOf('users', {}, user) });
      return user;
    }),
  );
}

/**
 * Edits a user; nobody changes their own roles or switches themselves off, and one active admin always stays. A new
 * password ends the user's other sessions (an administrator resetting their own keeps the one they act through).
 */
export async function updateUser(actor: Actor, userId: number, input: unknown, limits: Pick<Limits, 'hashRounds'>): Promise<User> {
  assertCan(actor, 'users', 'edit');
  const data = parseInput(userInput.partial(), input);
  const passwordHash = data.password ? await hashPassword(data.password, limits.hashRounds) : undefined;
  return withDbErrors(() =>
    db().transaction(async (m) => {
      const otherAdmins = await lockAdminsAnd(m, [userId]);
      const user = await m.findOne(User, { where: { id: userId } });
      if (!user) throw notFound('user.notFound');
      const roles = data.roles ? ([...new Set(data.roles)] as Role[]) : user.roles;
      const active = data.active ?? user.active;
      const rolesChanged = roles.length !== user.roles.length || roles.some((r) => !user.roles.includes(r));
      if (userId === actor.id && (rolesChanged || !active)) throw ownRoles();
      if (user.active && user.roles.includes('admin') && (!active || !roles.includes('admin')) && !otherAdmins.length) throw lastAdmin();
      if (mayOwnLeads(user) && !mayOwnLeads({ active, roles })) await disposeOpenLeads(m, actor, [user], data.openLeadsTo);
      const before = snapshot('users', user);
      Object.assign(user, { email: data.email ?? user.email, fullName: data.fullName ?? user.fullName, roles, active });
      if (passwordHash) user.passwordHash = passwordHash;
      await m.save(user);
      // A new password is recorded as changed, without any value (history.service.ts strips secrets anyway).
      await recordEdit(m, actor, { resource: 'users', recordId: userId, title: user.fullName, before, after: user, also: passwordHash ? [{ field: 'password' }] : [] });
      if (!active) await endSessionsOf(m, [userId]);
      else if (passwordHash) await endSessionsOf(m, [userId], userId === actor.id ? actor.sessionId : undefined);
      return m.findOneByOrFail(User, { id: userId });
    }),
  );
}

/**
 * Deletes users, all or none; never oneself, never the last active administrator, and a user owning open leads
 * only when `input.openLeadsTo` says what to do with them (see disposeOpenLeads).
 */
export async function deleteUsers(actor: Actor, ids: number[], input: unknown = {}): Promise<void> {
  assertCan(actor, 'users', 'delete');
  if (ids.includes(actor.id)) throw ownRoles();
  const { openLeadsTo: to } = parseInput(leadsDisposal, input);
  await withDbErrors(() =>
    db().transaction(async (m) => {
      const otherAdmins = await lockAdminsAnd(m, ids);
      const users = await m.find(User, { where: ids.map((id) => ({ id })) });
      if (users.length !== ids.length) throw notFound('user.notFound');
      if (users.some((u) => u.active && u.roles.includes('admin')) && !otherAdmins.length) throw lastAdmin();
      await disposeOpenLeads(m, actor, users, to);
      await endSessionsOf(m, users.map((u) => u.id));
      await deleteRecorded(m, actor, 'users', ids);
    }),
  );
}

export interface UserListQuery extends PageQuery {
  role?: Role;
  active?: boolean;
  search?: string;
  /** Part of the e-mail (the panel's e-mail filter). */
  email?: string;
  /** Part of the name (the panel's name filter). */
  fullName?: string;
}

/** Reads one user (administrators only). */
export async function getUser(actor: Actor, userId: number): Promise<User> {
  assertCan(actor, 'users', 'show');
  const user = await db().getRepository(User).findOneBy({ id: userId });
  if (!user) throw notFound('user.notFound');
  return user;
}

/** A page of users, filtered by role, active flag and e-mail or name (administrators only). */
export async function listUsers(actor: Actor, query: UserListQuery): Promise<Page<User>> {
  assertCan(actor, 'users', 'list');
  const qb = usersFilter(db().getRepository(User).createQueryBuilder('e'), query);
  return keysetPage(qb, USER_SORTS, query, 'email');
}

/** The properties the users list (and its export) sorts by. */
export const USER_SORTS = { id: 'integer', email: 'text', createdAt: 'timestamptz' } as const;

/** The WHERE of the users list (main alias `e`), shared by the list and its export. */
export function usersFilter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: UserListQuery): SelectQueryBuilder<T> {
  if (query.role) qb.andWhere(':role = ANY(e.roles)', { role: query.role });
  if (query.active !== undefined) qb.andWhere('e.active = :active', { active: query.active });
  if (query.search) qb.andWhere('(e.email ILIKE :q OR e.full_name ILIKE :q)', { q: `%${escapeLike(query.search)}%` });
  if (query.email) qb.andWhere('e.email ILIKE :email', { email: `%${escapeLike(query.email)}%` });
  if (query.fullName) qb.andWhere('e.full_name ILIKE :fullName', { fullName: `%${escapeLike(query.fullName)}%` });
  return qb;
}
