/**
 * The responsible manager of a lead (issue 13): take, assign, unassign. Each is one transaction (so the record
 * history can be written inside it), asks the one permission table, and changes leads with one set-based UPDATE,
 * whatever the number of leads: all of them or none.
 */
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { db } from '../../db/current.js';
import { withDbErrors } from '../../shared/db-errors.js';
import { badRequest, conflict, invalidState, msg, notFound, validationError } from '../../shared/errors.js';
import type { Limits } from '../../config.js';
import { id, parseInput } from '../../shared/validation.js';
import { assertCan, type Actor } from '../users/permissions.js';
import { recordEvents, type Queryable } from '../history/history.service.js';
import { Lead } from './lead.entity.js';
import { ASSIGNEE_ROLES, assigneeRefusal, isWorkingStatus, WORKING_IN_SQL } from './lead.rules.js';
import { leadsFilter, type LeadListQuery } from './leads.service.js';

const WORKING_SQL = `status ${WORKING_IN_SQL}`;

type AssigneeRow = { id: number; fullName: string; roles: string[]; active: boolean };

/**
 * Checks that each user may be made responsible for leads and holds their rows (FOR SHARE) until the transaction
 * ends, so a concurrent deactivation waits and then sees the leads just given (users.service.ts). `q` is the
 * transaction's TypeORM manager or pg client (the import's); `field` is the form field a refusal is shown beside.
 * Returns the ids, each once.
 */
export async function lockAssignees(q: Queryable, userIds: readonly number[], field: string): Promise<number[]> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return ids;
  const result = await q.query(`SELECT id, full_name AS "fullName", roles::text[] AS roles, active FROM users WHERE id = ANY($1) ORDER BY id FOR SHARE`, [ids]);
  // a manager answers with the rows, a pg client with { rows }
  const found = (Array.isArray(result) ? result : (result as { rows: AssigneeRow[] }).rows) as AssigneeRow[];
  for (const userId of ids) {
    const refusal = assigneeRefusal(found.find((u) => u.id === userId), userId);
    if (refusal) throw validationError({ [field]: refusal }, refusal);
  }
  return ids;
}

/** lockAssignees for one user. */
export const assertAssignable = (m: EntityManager, userId: number, field = 'assigneeId') => lockAssignees(m, [userId], field);

/** Which leads a bulk action takes: chosen ids, or every working lead matching the list's filter. */
export type LeadSelection = { ids: readonly (string | number)[] } | { filter: LeadListQuery };

/** Limits.assignMax: the most leads one assign or unassign changes (MAX_BULK_ASSIGN_LEADS). */
export type AssignLimits = Pick<Limits, 'assignMax'>;

/**
 * Sets the leads' assignee with one UPDATE; refuses (and so rolls back) unless every chosen lead exists and is
 * working, and they are at most `assignMax`. A filter takes only the working leads it matches. Returns the number of
 * leads changed.
 */
async function setAssignee(m: EntityManager, actor: Actor, selection: LeadSelection, assigneeId: number | null, { assignMax }: AssignLimits): Promise<number> {
  if ('ids' in selection) {
    const ids = [...new Set(selection.ids.map(String))];
    if (!ids.length) throw badRequest(msg('lead.assignNoneChosen'), { ids: msg('lead.assignNoneChosen') });
    if (ids.some((i) => !/^\d{1,18}$/.test(i))) throw badRequest(msg('request.invalidId'), { ids: msg('request.invalidId') });
    if (ids.length > assignMax) throw badRequest(msg('lead.assignTooMany', { max: assignMax, count: ids.length }));
    const changed = await updateAssignee(m, `id = ANY($2::bigint[]) AND ${WORKING_SQL}`, [assigneeId, ids]);
    if (changed.length === ids.length) return recordAssignment(m, actor, changed, assigneeId);
    // Something is missing or closed: say which, and the transaction rolls the others back.
    const found: { id: string; status: string }[] = await m.query(`SELECT id::text AS id, status::text AS status FROM leads WHERE id = ANY($1::bigint[]) ORDER BY id`, [ids]);
    if (found.length < ids.length) throw notFound('lead.notFound');
    const closed = found.filter((l) => !isWorkingStatus(l.status)).map((l) => l.id);
    throw invalidState(msg('lead.assignClosed', { ids: closed.slice(0, 10).join(', ') + (closed.length > 10 ? ', …' : '') }));
  }
  const filter = selection.filter;
  // At least one of the list's conditions (paging and order are none): an empty filter would take every working lead.
  const { limit: _limit, cursor: _cursor, sort: _sort, ...conditions } = filter;
  if (!Object.values(conditions).some((v) => v !== undefined && v !== '')) throw badRequest(msg('lead.assignFilterEmpty'));
  const [where, params] = leadsFilter(m.getRepository(Lead).createQueryBuilder('e').select('e.id'), filter).getQueryAndParameters();
  // The filter's parameters are $1…$n; the assignee comes after them.
  const shifted = where.replace(/\$(\d+)/g, (_, i) => `$${Number(i) + 1}`);
  // One lead past the most is enough to refuse: a filter matching a million leads does not update them all first.
  const changed = await updateAssignee(m, `id IN (SELECT w.id FROM (${shifted}) w(id)) AND ${WORKING_SQL}`, [assigneeId, ...params], assignMax + 1);
  if (changed.length === 0) throw invalidState(msg('lead.assignNoneChosen'));
  if (changed.length > assignMax) {
    // Refused, and rolled back: the message says how many the filter chose (counted only now).
    const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM leads WHERE id IN (SELECT w.id FROM (${where}) w(id)) AND ${WORKING_SQL}`, params);
    throw badRequest(msg('lead.assignTooMany', { max: assignMax, count: n }));
  }
  return recordAssignment(m, actor, changed, assigneeId);
}

interface Reassigned {
  id: string;
  title: string;
  from: number | null;
}

/**
 * One UPDATE of the leads matching `where` (its parameters from $2; $1 is the new assignee), locked in id order, at
 * most `limit` of them; returns each changed lead with its assignee before.
 */
async function updateAssignee(m: EntityManager, where: string, params: unknown[], limit?: number): Promise<Reassigned[]> {
  const [rows] = await m.query(
    `UPDATE leads l SET assignee_id = $1, updated_at = now()
       FROM (SELECT id, assignee_id FROM leads WHERE ${where} ORDER BY id ${limit ? `LIMIT ${Math.floor(limit)}` : ''} FOR UPDATE) o
      WHERE l.id = o.id
      RETURNING l.id::text AS id, l.full_name AS title, o.assignee_id AS "from"`,
    params,
  );
  return rows as Reassigned[];
}

/** The history of the leads whose responsible manager changed: one INSERT for all of them. Returns how many changed. */
async function recordAssignment(m: EntityManager, actor: Actor, changed: Reassigned[], assigneeId: number | null): Promise<number> {
  await recordEvents(
    m,
    actor,
    changed
      .filter((l) => l.from !== assigneeId)
      .map((l) => ({ resource: 'leads', recordId: l.id, title: l.title, action: assigneeId === null ? 'unassign' : 'assign', changes: [{ field: 'assigneeId', from: l.from, to: assigneeId }] })),
  );
  return changed.length;
}

/**
 * Hands the working leads of `ownerIds` to `assigneeId` (null: nobody), in the caller's transaction, with their
 * history: a user who stops being a possible assignee (users.service.ts). Returns how many leads changed.
 */
export async function handOverOpenLeads(m: EntityManager, actor: Actor, ownerIds: number[], assigneeId: number | null): Promise<number> {
  const changed = await updateAssignee(m, `assignee_id = ANY($2) AND ${WORKING_SQL}`, [assigneeId, ownerIds]);
  return recordAssignment(m, actor, changed, assigneeId);
}

/** A manager takes a new lead nobody is responsible for: it becomes theirs and «В работе». */
export async function takeLead(actor: Actor, leadId: string): Promise<Lead> {
  assertCan(actor, 'leads', 'take');
  return withDbErrors(() =>
    db().transaction(async (m) => {
      const lead = await m.findOne(Lead, { where: { id: leadId }, lock: { mode: 'pessimistic_write' } });
      if (!lead) throw notFound('lead.notFound');
      // Two managers pressing Take at once: the second waits for the lock, then is told who took it.
      if (lead.assigneeId !== null && lead.assigneeId !== actor.id) {
        const [owner] = await m.query(`SELECT full_name FROM users WHERE id = $1`, [lead.assigneeId]);
        throw conflict(msg('lead.takenBy', { name: owner?.full_name ?? `№${lead.assigneeId}` }));
      }
      if (lead.status !== 'new') throw invalidState(msg('lead.takeNotNew', { status: lead.status }));
      await assertAssignable(m, actor.id);
      await m.update(Lead, { id: leadId }, { assigneeId: actor.id, status: 'in_progress' });
      await recordEvents(m, actor, [{
        resource: 'leads', recordId: leadId, title: lead.fullName, action: 'take',
        changes: [{ field: 'assigneeId', from: lead.assigneeId, to: actor.id }, { field: 'status', from: lead.status, to: 'in_progress' }],
      }]);
      return m.findOneByOrFail(Lead, { id: leadId });
    }),
  );
}

const assigneeInput = z.object({ assigneeId: id });

/**
 * Makes an active manager (or admin) responsible for working leads: chosen ids, or every working lead of a list
 * filter. One UPDATE, all or none. Returns how many leads changed.
 */
export async function assignLeads(actor: Actor, selection: LeadSelection, input: unknown, limits: AssignLimits): Promise<number> {
  assertCan(actor, 'leads', 'assign');
  const { assigneeId } = parseInput(assigneeInput, input);
  return withDbErrors(() =>
    db().transaction(async (m) => {
      await assertAssignable(m, assigneeId);
      return setAssignee(m, actor, selection, assigneeId, limits);
    }),
  );
}

/** Leaves working leads without a responsible manager («не назначен»); one UPDATE, all or none. */
export async function unassignLeads(actor: Actor, selection: LeadSelection, limits: AssignLimits): Promise<number> {
  assertCan(actor, 'leads', 'unassign');
  return withDbErrors(() => db().transaction((m) => setAssignee(m, actor, selection, null, limits)));
}

/** The users who may be made responsible (active managers and admins), by name: the pickers of the panel. */
export async function assignableUsers(actor: Actor): Promise<{ id: number; fullName: string }[]> {
  assertCan(actor, 'leads', 'list');
  return db().query(`SELECT id, full_name AS "fullName" FROM users WHERE active AND roles && $1::user_role[] ORDER BY full_name, id`, [ASSIGNEE_ROLES]);
}
