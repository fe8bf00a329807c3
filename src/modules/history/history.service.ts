import { db } from '../../db/current.js';
import { keysetPage, periodFilter, type Page, type PageQuery } from '../../shared/keyset.js';
import { notFound } from '../../shared/errors.js';
import { assertCan, type Actor, type ResourceId, type Via } from '../users/permissions.js';
import { HISTORY_FIELDS, SECRET_FIELD, TITLES } from './history.fields.js';
import type { Change, HistoryAction } from './history.types.js';
import { RecordEvent } from './record-event.entity.js';

export type { Change, HistoryAction };

/** Anything that runs SQL with positional parameters inside the caller's transaction: an EntityManager, a pg client. */
export interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/** One change of one record, as a service reports it. */
export interface EventInput {
  resource: ResourceId;
  recordId: string | number;
  /** The record's name or title now (after the change; before it, for a deletion): the history reads by it. */
  title: string;
  action: HistoryAction;
  changes?: Change[];
  meta?: Record<string, unknown>;
}

/** A change with any secret field reduced to its name (`password` changed: no value, not even a hash). */
const withoutSecrets = (c: Change): Change => (SECRET_FIELD.test(c.field) ? { field: c.field } : c);
const metaWithoutSecrets = (meta: Record<string, unknown> = {}) => Object.fromEntries(Object.entries(meta).filter(([k]) => !SECRET_FIELD.test(k)));

/**
 * A record's id as history stores and finds it: a number's digits without leading zeros, whatever the caller was
 * given (`/leads/007` is lead 7, and its history is lead 7's).
 */
export const recordKey = (id: string | number): string => (/^\d{1,30}$/.test(String(id)) ? BigInt(id).toString() : String(id));

/**
 * Records changes in the history, in the caller's transaction (`q` is its manager or client): whatever rolls the
 * change back rolls this back too. One INSERT for any number of events. Who: the actor, their name as the users
 * table has it now (the e-mail if none) and their roles; `via`: the actor's (panel, api), or the caller's (import).
 */
export async function recordEvents(q: Queryable, actor: Actor, events: EventInput[], via: Via = actor.via ?? 'system'): Promise<void> {
  if (!events.length) return;
  const rows = events.map((e) => ({
    resource: e.resource,
    record_id: recordKey(e.recordId),
    record_title: (e.title ?? '').slice(0, 500),
    action: e.action,
    changes: (e.changes ?? []).map(withoutSecrets),
    meta: metaWithoutSecrets(e.meta),
  }));
  await q.query(
    `INSERT INTO record_events (actor_id, actor_name, actor_roles, via, resource, record_id, record_title, action, changes, meta)
     SELECT $1::int, coalesce((SELECT full_name FROM users WHERE id = $1::int), $2), $3::text[], $4, e.resource, e.record_id, e.record_title,
            e.action, e.changes, e.meta
       FROM jsonb_to_recordset($5::jsonb) AS e(resource text, record_id text, record_title text, action text, changes jsonb, meta jsonb)`,
    [actor.id, actor.email, actor.roles, via, JSON.stringify(rows)],
  );
}

/** recordEvents for one event. */
export const recordEvent = (q: Queryable, actor: Actor, event: EventInput, via?: Via): Promise<void> => recordEvents(q, actor, [event], via);

type Values = Record<string, unknown>;

/** The recorded fields of a resource, as a plain copy of an entity: what it was before an edit changes it. */
export function snapshot(resource: ResourceId, entity: object): Values {
  const e = entity as Values;
  return Object.fromEntries(Object.keys(HISTORY_FIELDS[resource]).filter((k) => k in e).map((k) => [k, plain(e[k])]));
}

const plain = (v: unknown): unknown => (v instanceof Date ? v.toISOString() : Array.isArray(v) ? [...v] : v === undefined ? null : v);
const same = (a: unknown, b: unknown): boolean => {
  if (Array.isArray(a) || Array.isArray(b)) return JSON.stringify([...((a as unknown[]) ?? [])].sort()) === JSON.stringify([...((b as unknown[]) ?? [])].sort());
  return String(a ?? '') === String(b ?? '');
};

/**
 * The recorded fields that differ between two states (snapshots or entities), field by field: `[{ field, from, to }]`.
 * For a creation, `before` is `{}`: every field with a value is listed from null.
 */
export function changesOf(resource: ResourceId, before: object, after: object): Change[] {
  const b = before as Values;
  const a = snapshot(resource, after);
  const out: Change[] = [];
  for (const field of Object.keys(HISTORY_FIELDS[resource])) {
    if (!(field in a)) continue;
    const from = plain(b[field]);
    const to = a[field];
    if (!same(from, to)) out.push({ field, from, to });
  }
  return out;
}

/** An edit of one record, as its service saw it: the snapshot taken before, the entity as saved, and its title then. */
export interface EditInput extends Omit<EventInput, 'action' | 'changes'> {
  /** snapshot() of the record before the edit: taken by the caller, since what runs between it and the save differs. */
  before: Values;
  /** The record as saved, reloaded where the database fills fields in (a lead's full name). */
  after: object;
  /** Changes no recorded field shows, listed after the fields: a replaced document, a new password (no value). */
  also?: Change[];
}

/**
 * Records an edit as one `edit` event, in the caller's transaction: the recorded fields that differ between `before`
 * and `after`, then `also`. An edit that changed nothing (the form saved as it was) leaves no line in the history.
 */
export async function recordEdit(q: Queryable, actor: Actor, edit: EditInput): Promise<void> {
  const { before, after, also = [], ...event } = edit;
  const changes = [...changesOf(event.resource, before, after), ...also];
  if (changes.length) await recordEvent(q, actor, { ...event, action: 'edit', changes });
}

/** A record's history, newest first, to whoever may open the record; it outlives the record. */
export async function recordHistory(actor: Actor, resource: ResourceId, recordId: string, query: PageQuery): Promise<Page<RecordEvent>> {
  assertCan(actor, resource, 'show');
  const qb = db().getRepository(RecordEvent).createQueryBuilder('e').where('e.resource = :resource AND e.record_id = :recordId', { resource, recordId: recordKey(recordId) });
  const page = await keysetPage(qb, HISTORY_SORTS, { ...query, sort: undefined });
  // An imported lead has no event of its own for its creation: its batch's event (in its campaign's history) is
  // its first line, older than any of its own, so it ends the last page.
  if (resource === 'leads' && !page.nextCursor && /^\d{1,18}$/.test(recordId)) {
    const batch = await db()
      .getRepository(RecordEvent)
      .createQueryBuilder('e')
      .innerJoin('leads', 'l', `l.id = :leadId::bigint AND l.import_batch_id IS NOT NULL`, { leadId: recordId })
      .where(`e.resource = 'campaigns' AND e.record_id = l.campaign_id::text AND e.action = 'import' AND e.meta->>'batchId' = l.import_batch_id::text`)
      .getOne();
    if (batch) page.items.push(batch);
  }
  if (!page.items.length && !query.cursor) {
    const { table } = TITLES[resource];
    const [exists] = /^\d{1,18}$/.test(recordId) ? await db().query(`SELECT 1 FROM ${table} WHERE id = $1::bigint`, [recordId]) : [];
    if (!exists) throw notFound('record.notFound');
  }
  return page;
}

const HISTORY_SORTS = { id: 'bigint' } as const;

export interface JournalQuery extends PageQuery {
  actorId?: number;
  resource?: ResourceId;
  action?: HistoryAction;
  recordId?: string;
  /** Calendar days (company time zone), both included. */
  from?: string;
  to?: string;
}

/** The journal of every change, newest first, filtered by user, resource, record, action and period (administrators). */
export async function listJournal(actor: Actor, query: JournalQuery): Promise<Page<RecordEvent>> {
  assertCan(actor, 'users', 'journal');
  const qb = db().getRepository(RecordEvent).createQueryBuilder('e');
  if (query.actorId !== undefined) qb.andWhere('e.actor_id = :actorId', { actorId: query.actorId });
  if (query.resource) qb.andWhere('e.resource = :resource', { resource: query.resource });
  if (query.recordId) qb.andWhere('e.record_id = :recordId', { recordId: recordKey(query.recordId) });
  if (query.action) qb.andWhere('e.action = :action', { action: query.action });
  periodFilter(qb, 'e.at', query.from, query.to);
  return keysetPage(qb, HISTORY_SORTS, { ...query, sort: undefined });
}

/**
 * Deletes records of a resource by id, all or none, and records each deletion with the record's last title: one
 * DELETE … RETURNING and one INSERT. Returns the rows deleted (the caller compares their number with the ids).
 */
export async function deleteRecorded(q: Queryable, actor: Actor, resource: ResourceId, ids: (string | number)[], returning = ''): Promise<Array<Record<string, unknown>>> {
  const { table, title } = TITLES[resource];
  const idType = resource === 'leads' ? 'bigint' : 'int';
  const [rows] = (await q.query(`DELETE FROM ${table} WHERE id = ANY($1::${idType}[]) RETURNING id::text AS id, ${title} AS title${returning ? `, ${returning}` : ''}`, [ids])) as [Array<Record<string, unknown>>, number];
  await recordEvents(q, actor, rows.map((r) => ({ resource, recordId: String(r.id), title: String(r.title ?? ''), action: 'delete' as const })));
  return rows;
}

/**
 * An import batch or its undo, as ONE event in its campaign's history (never one per row): the file, the counts,
 * the batch. `via` is `import`; the interface the file came through (panel or API) is kept in `meta.through`.
 * One INSERT, the campaign's name read by it.
 */
export async function recordImportEvent(
  q: Queryable, actor: Actor, action: 'import' | 'importUndo', campaignId: number, meta: Record<string, unknown>,
): Promise<void> {
  await q.query(
    `INSERT INTO record_events (actor_id, actor_name, actor_roles, via, resource, record_id, record_title, action, changes, meta)
     SELECT $1::int, coalesce((SELECT full_name FROM users WHERE id = $1::int), $2), $3::text[], 'import', 'campaigns', $4::text,
            coalesce((SELECT name FROM campaigns WHERE id = $4::int), ''), $5, '[]', $6::jsonb`,
    [actor.id, actor.email, actor.roles, campaignId, action, JSON.stringify({ ...metaWithoutSecrets(meta), through: actor.via ?? 'system' })],
  );
}
