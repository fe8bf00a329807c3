import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import { db } from '../../db/current.js';
import { withDbErrors } from '../../shared/db-errors.js';
import { escapeLike, keysetPage, periodFilter, type Page, type PageQuery } from '../../shared/keyset.js';
import { invalidState, msg, notFound, validationError, type FieldErrors } from '../../shared/errors.js';
import { id, optionalText, parseInput, requiredText } from '../../shared/validation.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { assertCan, type Actor } from '../users/permissions.js';
import { normalizeEmail, normalizePhone } from './contact.js';
import { Lead, LEAD_STATUSES, type LeadStatus } from './lead.entity.js';

/** Statuses an edit may move between; converted and lost are set by their own actions. */
const WORKING: readonly LeadStatus[] = ['new', 'in_progress'];
const STATUS_BY_ACTION = msg('lead.statusByAction');

const leadInput = z.object({
  lastName: requiredText(100),
  firstName: requiredText(100),
  middleName: optionalText(100),
  phone: optionalText(40),
  email: optionalText(254),
  campaignId: id,
  notes: optionalText(20_000).transform((v) => v ?? ''),
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
  if (!phone && !email && !fields.phone && !fields.email) {
    fields.phone = msg('lead.contactRequired');
    fields.email = msg('lead.contactRequired');
  }
  if (Object.keys(fields).length) throw validationError(fields);
}

async function assertLaunchedCampaign(campaignId: number): Promise<void> {
  const campaign = await db().getRepository(Campaign).findOneBy({ id: campaignId });
  if (!campaign) throw validationError({ campaignId: msg('campaign.notFound') });
  if (campaign.status === 'draft') throw validationError({ campaignId: msg('campaign.notLaunched') });
}

/** Records a lead who answered a launched campaign. */
export async function createLead(actor: Actor, input: unknown): Promise<Lead> {
  assertCan(actor, 'leads', 'new');
  const data = parseInput(leadInput, input);
  if (data.status && !WORKING.includes(data.status)) throw invalidState(STATUS_BY_ACTION, { status: STATUS_BY_ACTION });
  normalizeContacts(data);
  await assertLaunchedCampaign(data.campaignId);
  const repo = db().getRepository(Lead);
  const saved = await withDbErrors(() => repo.save(repo.create({ ...data, status: (data.status ?? 'new') as LeadStatus, createdById: actor.id })));
  return repo.findOneByOrFail({ id: saved.id });
}

/** Edits a lead; a converted or lost lead keeps everything but its notes. */
export async function updateLead(actor: Actor, leadId: string, input: unknown): Promise<Lead> {
  assertCan(actor, 'leads', 'edit');
  const data = parseInput(leadInput.partial(), input);
  return withDbErrors(() =>
    db().transaction(async (m) => {
      const lead = await m.findOne(Lead, { where: { id: leadId }, lock: { mode: 'pessimistic_write' } });
      if (!lead) throw notFound('lead.notFound');
      if (data.status !== undefined && data.status !== lead.status && !(WORKING.includes(data.status) && WORKING.includes(lead.status))) {
        throw invalidState(STATUS_BY_ACTION, { status: STATUS_BY_ACTION });
      }
      if (!WORKING.includes(lead.status)) {
        const comparable = (k: keyof LeadInput, v: unknown) =>
          typeof v === 'string' && k === 'phone' ? (normalizePhone(v) ?? v) : typeof v === 'string' && k === 'email' ? (normalizeEmail(v) ?? v) : v;
        const changed = (Object.keys(data) as (keyof LeadInput)[]).filter(
          (k) => k !== 'notes' && data[k] !== undefined && String(comparable(k, data[k]) ?? '') !== String(lead[k] ?? ''),
        );
        if (changed.length) {
          throw invalidState(
            msg(lead.status === 'converted' ? 'lead.convertedNotesOnly' : 'lead.lostNotesOnly'),
            Object.fromEntries(changed.map((k) => [k, msg('field.readOnly')])),
          );
        }
        lead.notes = data.notes ?? lead.notes;
      } else {
        normalizeContacts(data, lead);
        if (data.campaignId !== undefined && data.campaignId !== lead.campaignId) await assertLaunchedCampaign(data.campaignId);
        Object.assign(lead, data);
      }
      await m.save(lead);
      return m.findOneByOrFail(Lead, { id: leadId });
    }),
  );
}

/** Deletes leads, all or none; a converted lead is refused. */
export async function deleteLeads(actor: Actor, ids: string[]): Promise<void> {
  assertCan(actor, 'leads', 'delete');
  await withDbErrors(() =>
    db().transaction(async (m) => {
      const { affected } = await m.delete(Lead, ids);
      if ((affected ?? 0) !== ids.length) throw notFound('lead.notFound');
    }),
  );
}

export interface LeadListQuery extends PageQuery {
  status?: LeadStatus;
  campaignId?: number;
  serviceId?: number;
  importBatchId?: string;
  createdFrom?: string;
  createdTo?: string;
  /** Part of the full name, the e-mail or the phone (a phone typed any way is also matched normalised). */
  search?: string;
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
  if (query.status) qb.andWhere('e.status = :status', { status: query.status });
  if (query.campaignId !== undefined) qb.andWhere('e.campaign_id = :campaignId', { campaignId: query.campaignId });
  if (query.serviceId !== undefined) qb.andWhere('e.campaign_id IN (SELECT c.id FROM campaigns c WHERE c.service_id = :serviceId)', { serviceId: query.serviceId });
  if (query.importBatchId !== undefined) qb.andWhere('e.import_batch_id = :batch', { batch: query.importBatchId });
  periodFilter(qb, 'e.created_at', query.createdFrom, query.createdTo);
  const search = query.search?.trim();
  if (search) {
    const phone = normalizePhone(search);
    qb.andWhere(
      `(e.full_name ILIKE :q OR e.email ILIKE :q OR e.phone ILIKE :q${phone ? ' OR e.phone = :phone' : ''})`,
      { q: `%${escapeLike(search)}%`, phone },
    );
  }
  return qb;
}
