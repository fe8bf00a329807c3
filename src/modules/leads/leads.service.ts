import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import { db } from '../../db/current.js';
import { withDbErrors } from '../../shared/db-errors.js';
import { searchNameWhere } from '../../shared/fold.js';
import { escapeLike, keysetPage, periodFilter, type Page, type PageQuery } from '../../shared/keyset.js';
import { badRequest, conflict, invalidState, msg, notFound, validationError, type FieldErrors, type Message } from '../../shared/errors.js';
import { id, optionalText, parseInput, requiredText } from '../../shared/validation.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { changesOf, deleteRecorded, recordEdit, recordEvent, snapshot } from '../history/history.service.js';
import { assertCan, type Actor } from '../users/permissions.js';
import { normalizeEmail, normalizePhone } from './contact.js';
import { assertAssignable } from './assignment.service.js';
import { Lead, LEAD_STATUSES, type LeadStatus } from './lead.entity.js';
import { assertCampaignTakesLeads, hasContact, isWorkingStatus, LEAD_LIMITS, WORKING_IN_SQL } from './lead.rules.js';

const STATUS_BY_ACTION = msg('lead.statusByAction');

const leadInput = z.object({
  lastName: requiredText(LEAD_LIMITS.lastName),
  firstName: requiredText(LEAD_LIMITS.firstName),
  middleName: optionalText(LEAD_LIMITS.middleName),
  phone: optionalText(LEAD_LIMITS.phone),
  email: optionalText(LEAD_LIMITS.email),
  campaignId: id,
  notes: optionalText(LEAD_LIMITS.notes).transform((v) => v ?? ''),
  status: z.enum(LEAD_STATUSES).optional(),
});
type LeadInput = z.output<typeof leadInput>;

/** Normalises phone and e-mail in place and checks that at least one is there. */
function normalizeContacts(data: Partial<LeadInput>, current?: Lead): void {
  const fields: FieldErrors = {};
  if (data.phone) {
    const phone = normalizePhone(data.phone);
    if (phone) data.phone = phone;
    else fields.phone = msg('field.phone');
  }
  if (data.email) {
    const email = normalizeEmail(data.email);
    if (email) data.email = email;
    else fields.email = msg('field.email');
  }
  const phone = data.phone !== undefined ? data.phone : current?.phone;
  const email = data.email !== undefined ? data.email : current?.email;
  if (!hasContact(phone, email) && !fields.phone && !fields.email) {
    fields.phone = msg('lead.contactRequired');
    fields.email = msg('lead.contactRequired');
  }
  if (Object.keys(fields).length) throw validationError(fields);
}

async function assertLaunchedCampaign(campaignId: number): Promise<void> {
  assertCampaignTakesLeads(await db().getRepository(Campaign).findOneBy({ id: campaignId }));
}

/** A new lead's form: the lead's fields and, optionally, its responsible manager (chosen by the operator). */
const newLeadInput = leadInput.extend({ assigneeId: z.preprocess((v) => (v === null ? undefined : v), id.optional()) });

/** Records a lead who answered a launched campaign, optionally with its responsible manager. */
export async function createLead(actor: Actor, input: unknown): Promise<Lead> {
  assertCan(actor, 'leads', 'new');
  const data = parseInput(newLeadInput, input);
  if (data.status && !isWorkingStatus(data.status)) throw invalidState(STATUS_BY_ACTION, { status: STATUS_BY_ACTION });
  normalizeContacts(data);
  await assertLaunchedCampaign(data.campaignId);
  return withDbErrors(() =>
    db().transaction(async (m) => {
      if (data.assigneeId !== undefined) await assertAssignable(m, data.assigneeId);
      const saved = await m.save(m.create(Lead, { ...data, assigneeId: data.assigneeId ?? null, status: (data.status ?? 'new') as LeadStatus, createdById: actor.id }));
      const lead = await m.findOneByOrFail(Lead, { id: saved.id });
      await recordEvent(m, actor, { resource: 'leads', recordId: lead.id, title: lead.fullName, action: 'create', changes: changesOf('leads', {}, lead) });
      return lead;
    }),
  );
}

/** What an edit of a lead sends: every field of the lead form. */
export const LEAD_FORM_FIELDS = Object.keys(leadInput.shape) as (keyof LeadInput)[];

/**
 * The fields an edit of this lead may not change, and the refusal to show: a converted or lost lead keeps everything
 * but its notes. updateLead refuses by this rule; the panel's form shows these fields read-only.
 */
export function leadReadOnlyFields(lead: Pick<Lead, 'status'>): { fields: (keyof LeadInput)[]; reason: Message | null } {
  if (isWorkingStatus(lead.status)) return { fields: [], reason: null };
  return {
    fields: LEAD_FORM_FIELDS.filter((k) => k !== 'notes'),
    reason: msg(lead.status === 'converted' ? 'lead.convertedNotesOnly' : 'lead.lostNotesOnly'),
  };
}

/** Edits a lead; a converted or lost lead keeps everything but its notes. */
export async function updateLead(actor: Actor, leadId: string, input: unknown): Promise<Lead> {
  assertCan(actor, 'leads', 'edit');
  const data = parseInput(leadInput.partial(), input);
  return withDbErrors(() =>
    db().transaction(async (m) => {
      const lead = await m.findOne(Lead, { where: { id: leadId }, lock: { mode: 'pessimistic_write' } });
      if (!lead) throw notFound('lead.notFound');
      if (data.status !== undefined && data.status !== lead.status && !(isWorkingStatus(data.status) && isWorkingStatus(lead.status))) {
        throw invalidState(STATUS_BY_ACTION, { status: STATUS_BY_ACTION });
      }
      const before = snapshot('leads', lead);
      const readOnly = leadReadOnlyFields(lead);
      if (readOnly.reason) {
        const comparable = (k: keyof LeadInput, v: unknown) =>
          typeof v === 'string' && k === 'phone' ? (normalizePhone(v) ?? v) : typeof v === 'string' && k === 'email' ? (normalizeEmail(v) ?? v) : v;
        const changed = readOnly.fields.filter((k) => data[k] !== undefined && String(comparable(k, data[k]) ?? '') !== String(lead[k] ?? ''));
        if (changed.length) throw invalidState(readOnly.reason, Object.fromEntries(changed.map((k) => [k, msg('field.readOnly')])));
        lead.notes = data.notes ?? lead.notes;
      } else {
        normalizeContacts(data, lead);
        if (data.campaignId !== undefined && data.campaignId !== lead.campaignId) await assertLaunchedCampaign(data.campaignId);
        Object.assign(lead, data);
      }
      await m.save(lead);
      const saved = await m.findOneByOrFail(Lead, { id: leadId });
      await recordEdit(m, actor, { resource: 'leads', recordId: leadId, title: saved.fullName, before, after: saved });
      return saved;
    }),
  );
}

const lostInput = z.object({ reason: requiredText(2000) });

/** Marks a working lead as lost, with the reason. */
export async function markLeadLost(actor: Actor, leadId: string, input: unknown): Promise<Lead> {
  assertCan(actor, 'leads', 'markLost');
  const { reason } = parseInput(lostInput, input);
  return db().transaction(async (m) => {
    const lead = await m.findOne(Lead, { where: { id: leadId }, lock: { mode: 'pessimistic_write' } });
    if (!lead) throw notFound('lead.notFound');
    if (lead.status === 'converted') throw conflict(msg('lead.convertedAlready'));
    if (lead.status === 'lost') throw conflict(msg('lead.alreadyLost'));
    await m.update(Lead, { id: leadId }, { status: 'lost', lostReason: reason });
    const lost = await m.findOneByOrFail(Lead, { id: leadId });
    await recordEvent(m, actor, { resource: 'leads', recordId: leadId, title: lost.fullName, action: 'markLost', changes: changesOf('leads', lead, lost) });
    return lost;
  });
}

/** Deletes leads, all or none; a converted lead is refused. */
export async function deleteLeads(actor: Actor, ids: string[]): Promise<void> {
  assertCan(actor, 'leads', 'delete');
  await withDbErrors(() =>
    db().transaction(async (m) => {
      const deleted = await deleteRecorded(m, actor, 'leads', ids);
      if (deleted.length !== ids.length) throw notFound('lead.notFound');
    }),
  );
}

export interface LeadListQuery extends PageQuery {
  /** A status, or `working`: new or in progress («Мои лиды» is `assigneeId=<me>&status=working`). */
  status?: LeadStatus | 'working';
  campaignId?: number;
  serviceId?: number;
  importBatchId?: string;
  createdFrom?: string;
  createdTo?: string;
  /** The name (ё as е, words in any order), part of the e-mail or the phone typed any way: leadSearchWhere. */
  search?: string;
  /** The responsible manager's id, or `none`: leads nobody is responsible for («не назначен»). */
  assigneeId?: number | 'none';
  /** The name only (the panel's «ФИО» filter): leadNameWhere. */
  fullName?: string;
  /** The phone only, typed any way (the panel's phone filter): leadPhoneWhere. */
  phone?: string;
  /** Part of the e-mail (the panel's e-mail filter). */
  email?: string;
  /** Who created the lead (the panel's «Создал» filter). */
  createdById?: number;
}

/** Reads one lead. */
export async function getLead(actor: Actor, leadId: string): Promise<Lead> {
  assertCan(actor, 'leads', 'show');
  const lead = await db().getRepository(Lead).findOneBy({ id: leadId });
  if (!lead) throw notFound('lead.notFound');
  return lead;
}

/** The properties the leads list (and its export) sorts by, with their PostgreSQL types. */
export const LEAD_SORTS = { id: 'bigint', createdAt: 'timestamptz', lastName: 'text' } as const;

/** A page of leads: filters by status, campaign, the campaign's service and creation period; trigram-indexed search. */
export async function listLeads(actor: Actor, query: LeadListQuery): Promise<Page<Lead>> {
  assertCan(actor, 'leads', 'list');
  const qb = leadsFilter(db().getRepository(Lead).createQueryBuilder('e'), query);
  return keysetPage(qb, LEAD_SORTS, query);
}

/** The WHERE of the leads list (main alias `e`), shared by the list and its export. */
export function leadsFilter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: LeadListQuery): SelectQueryBuilder<T> {
  // `working`: the same predicate as the partial index leads_assignee_working_idx, so «Мои лиды» reads it.
  if (query.status === 'working') qb.andWhere(`e.status ${WORKING_IN_SQL}`);
  else if (query.status) qb.andWhere('e.status = :status', { status: query.status });
  if (query.campaignId !== undefined) qb.andWhere('e.campaign_id = :campaignId', { campaignId: query.campaignId });
  if (query.serviceId !== undefined) qb.andWhere('e.campaign_id IN (SELECT c.id FROM campaigns c WHERE c.service_id = :serviceId)', { serviceId: query.serviceId });
  if (query.importBatchId !== undefined) qb.andWhere('e.import_batch_id = :batch', { batch: query.importBatchId });
  if (query.assigneeId === 'none') qb.andWhere('e.assignee_id IS NULL');
  else if (query.assigneeId !== undefined) qb.andWhere('e.assignee_id = :assigneeId', { assigneeId: query.assigneeId });
  periodFilter(qb, 'e.created_at', query.createdFrom, query.createdTo);
  const search = query.search ? leadSearchWhere('e', query.search) : null;
  if (search) qb.andWhere(search.sql, search.params);
  for (const where of [query.fullName && leadNameWhere('e', query.fullName), query.phone && leadPhoneWhere('e', query.phone)]) {
    if (where) qb.andWhere(where.sql, where.params);
  }
  if (query.email) qb.andWhere('e.email ILIKE :email', { email: `%${escapeLike(query.email)}%` });
  if (query.createdById !== undefined) qb.andWhere('e.created_by_id = :createdById', { createdById: query.createdById });
  return qb;
}

type Where = { sql: string; params: Record<string, unknown> };

/**
 * The leads search (the API's `search`, the panel's quick search over the leads and customers lists, the export):
 * the name, the e-mail or the phone. `alias` is the leads table's alias in the query, `key` prefixes the query's
 * parameters (two searches in one query need two keys); null when there is nothing to search.
 * - name (leadNameWhere): as Russian users type it: ё read as е, any case, the words in any order;
 * - e-mail: part of it, case-insensitive;
 * - phone (leadPhoneWhere): the whole number typed any way (`8 (912) 345-67-89` finds +79123456789), or a part of
 *   one as people type it (`912 345-67`, `345-67-89`) by its digits, a leading 8 read as +7.
 * A search that reads as a phone (only digits and phone punctuation, at least 3 digits) is looked for among phones
 * only, and among e-mails when it is digits only (`lead1024`'s «1024»): a name holds no digits, and a stored phone
 * holds only `+` and digits. Besides being exact, this keeps PostgreSQL on the indexes: every OR-ed condition adds
 * to its estimate of the matches, and past a few hundred it walks the whole table by id for a page of 10 rather
 * than reading the trigram indexes (measured on 1,000,000 leads: 7 s instead of 30 ms for `8 983 550-00-00`).
 */
export function leadSearchWhere(alias: string, text: string, key = 'leadSearch'): Where | null {
  const search = text.trim();
  if (!search) return null;
  const params: Record<string, unknown> = { [key]: `%${escapeLike(search)}%` };
  const phone = leadPhoneWhere(alias, search, `${key}Phone`)!;
  if (readsAsPhone(search)) {
    const email = /^\d+$/.test(search) ? `${alias}.email ILIKE :${key} OR ` : '';
    return { sql: `(${email}${phone.sql})`, params: { ...params, ...phone.params } };
  }
  const name = leadNameWhere(alias, search, `${key}Name`)!;
  return { sql: `(${name.sql} OR ${alias}.email ILIKE :${key} OR ${phone.sql})`, params: { ...params, ...name.params, ...phone.params } };
}

/**
 * The name search (also the panel's «ФИО» filter): every word typed, folded by fold() (ё → е, lower case), is part
 * of the lead's folded full name (the generated column search_name, foldSql(); its trigram index serves each
 * ILIKE), in any order: «алла семенова» finds «Семёнова Алла Петровна».
 */
export const leadNameWhere = (alias: string, text: string, key = 'leadName'): Where | null => searchNameWhere(alias, text, key);

/** Only digits and phone punctuation, at least 3 digits: a phone or a part of one. */
const readsAsPhone = (search: string) => /^[\d\s()+\-.]+$/.test(search) && search.replace(/\D/g, '').length >= 3;

/**
 * The phone search (also the panel's phone filter): a whole number typed any way is that number (normalizePhone,
 * an index lookup); a part of one is its digits anywhere in the stored number, a leading 8 also read as 7 (8 912 …
 * is +7 912 …; it may also be just a digit of the number); anything else, part of the stored text.
 */
export function leadPhoneWhere(alias: string, text: string, key = 'leadPhone'): Where | null {
  const search = text.trim();
  if (!search) return null;
  if (!readsAsPhone(search)) return { sql: `(${alias}.phone ILIKE :${key})`, params: { [key]: `%${escapeLike(search)}%` } };
  const whole = normalizePhone(search);
  if (whole) return { sql: `(${alias}.phone = :${key})`, params: { [key]: whole } };
  const digits = search.replace(/\D/g, '');
  const fragments = !search.startsWith('+') && digits.startsWith('8') ? [digits, `7${digits.slice(1)}`] : [digits];
  const params: Record<string, unknown> = {};
  const sql = fragments.map((d, i) => {
    params[`${key}${i}`] = `%${d}%`;
    return `${alias}.phone LIKE :${key}${i}`;
  });
  return { sql: `(${sql.join(' OR ')})`, params };
}

/** How many earlier leads a warning lists at most. */
export const DUPLICATES_LISTED = 5;

export interface DuplicateLead {
  id: string;
  fullName: string;
  phone: string | null;
  email: string | null;
  status: string;
  campaignId: number;
  campaignName: string;
  /** Which of the typed contacts this lead has. */
  matches: Array<'phone' | 'email'>;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
/** A query value that is not one string (absent, or repeated) counts as not given. */
const oneText = z.preprocess((v) => (typeof v === 'string' ? v : undefined), z.string().optional());

/** The duplicates check's query; an excludeId that is not an id is refused by findDuplicateLeads (400). */
export const duplicatesQuerySchema = z.object({ phone: oneText, email: oneText, excludeId: oneText });

/**
 * Leads that already have the phone or e-mail being typed (normalised as when a lead is saved), newest first,
 * without the lead being edited. Only a warning: the same person may answer two campaigns.
 */
export async function findDuplicateLeads(actor: Actor | undefined, input: { phone?: unknown; email?: unknown; excludeId?: unknown }): Promise<DuplicateLead[]> {
  assertCan(actor, 'leads', 'list');
  const phone = text(input.phone) ? normalizePhone(text(input.phone)) : null;
  const email = text(input.email) ? normalizeEmail(text(input.email)) : null;
  const exclude = text(input.excludeId);
  if (exclude && !/^\d{1,18}$/.test(exclude)) throw badRequest(msg('request.invalidId'), { excludeId: msg('request.invalidId') });
  if (!phone && !email) return [];
  const rows: Array<Omit<DuplicateLead, 'matches'>> = await db().query(
    `SELECT l.id::text AS id, l.full_name AS "fullName", l.phone, l.email, l.status::text AS status,
            l.campaign_id AS "campaignId", c.name AS "campaignName"
       FROM leads l JOIN campaigns c ON c.id = l.campaign_id
      WHERE (l.phone = $1 OR l.email = $2) AND ($3::bigint IS NULL OR l.id <> $3::bigint)
      ORDER BY l.id DESC LIMIT ${DUPLICATES_LISTED}`,
    [phone, email, exclude || null],
  );
  return rows.map((r) => ({
    ...r,
    matches: [...(phone && r.phone === phone ? (['phone'] as const) : []), ...(email && r.email === email ? (['email'] as const) : [])],
  }));
}
