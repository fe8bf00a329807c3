import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import { db } from '../../db/current.js';
import { withDbErrors } from '../../shared/db-errors.js';
import { amountFilter, escapeLike, keysetPage, periodFilter, type Page, type PageQuery } from '../../shared/keyset.js';
import { invalidState, msg, notFound, validationError, type FieldErrors, type Message } from '../../shared/errors.js';
import { id, money, parseInput, requiredText } from '../../shared/validation.js';
import { Service } from '../services/service.entity.js';
import { changesOf, deleteRecorded, recordEdit, recordEvent, snapshot } from '../history/history.service.js';
import { assertCan, type Actor } from '../users/permissions.js';
import { Campaign, CHANNELS } from './campaign.entity.js';

const campaignInput = z.object({
  name: requiredText(200),
  serviceId: id,
  channel: z.enum(CHANNELS),
  budget: money(),
});

async function assertServiceExists(serviceId: number | undefined): Promise<void> {
  if (serviceId !== undefined && !(await db().getRepository(Service).existsBy({ id: serviceId }))) {
    throw validationError({ serviceId: msg('service.notFound') });
  }
}

/** Creates a campaign as a draft; it takes leads only once launched. */
export async function createCampaign(actor: Actor, input: unknown): Promise<Campaign> {
  assertCan(actor, 'campaigns', 'new');
  const data = parseInput(campaignInput, input);
  await assertServiceExists(data.serviceId);
  return withDbErrors(() =>
    db().transaction(async (m) => {
      const saved = await m.save(m.create(Campaign, { ...data, status: 'draft' }));
      await recordEvent(m, actor, { resource: 'campaigns', recordId: saved.id, title: saved.name, action: 'create', changes: changesOf('campaigns', {}, saved) });
      return saved;
    }),
  );
}

/**
 * The fields an edit of this campaign may not change, each with its refusal: a finished campaign keeps its budget
 * and service. updateCampaign refuses by this rule; the panel's form shows these fields read-only.
 */
export function campaignReadOnlyFields(campaign: Pick<Campaign, 'status'>): Partial<Record<'budget' | 'serviceId', Message>> {
  return campaign.status === 'finished' ? { budget: msg('campaign.finishedBudget'), serviceId: msg('campaign.finishedService') } : {};
}

/** Edits a campaign; status changes only by launch/finish, and a finished campaign keeps its budget and service. */
export async function updateCampaign(actor: Actor, campaignId: number, input: unknown): Promise<Campaign> {
  assertCan(actor, 'campaigns', 'edit');
  const data = parseInput(campaignInput.partial(), input);
  return withDbErrors(() =>
    db().transaction(async (m) => {
      const campaign = await m.findOne(Campaign, { where: { id: campaignId }, lock: { mode: 'pessimistic_write' } });
      if (!campaign) throw notFound('campaign.notFound');
      const readOnly = campaignReadOnlyFields(campaign);
      const fields: FieldErrors = {};
      for (const [k, refusal] of Object.entries(readOnly) as [keyof typeof readOnly, Message][]) {
        if (data[k] !== undefined && data[k] !== campaign[k]) fields[k] = refusal;
      }
      if (Object.keys(fields).length) throw invalidState(msg('campaign.finishedReadOnly'), fields);
      await assertServiceExists(data.serviceId);
      const before = snapshot('campaigns', campaign);
      Object.assign(campaign, data);
      const saved = await m.save(campaign);
      await recordEdit(m, actor, { resource: 'campaigns', recordId: saved.id, title: saved.name, before, after: saved });
      return saved;
    }),
  );
}

async function transition(
  actor: Actor, action: 'launch' | 'finish', campaignId: number, from: Campaign['status'], set: string, refusal: (status: string) => Message,
): Promise<Campaign> {
  return db().transaction(async (m) => {
    const campaign = await m.findOne(Campaign, { where: { id: campaignId }, lock: { mode: 'pessimistic_write' } });
    if (!campaign) throw notFound('campaign.notFound');
    if (campaign.status !== from) throw invalidState(refusal(campaign.status));
    await m.query(`UPDATE campaigns SET ${set}, updated_at = now() WHERE id = $1`, [campaignId]);
    const changed = await m.findOneOrFail(Campaign, { where: { id: campaignId } });
    await recordEvent(m, actor, { resource: 'campaigns', recordId: campaignId, title: changed.name, action, changes: changesOf('campaigns', campaign, changed) });
    return changed;
  });
}

/** Launches a draft campaign: it becomes active and starts taking leads. */
export async function launchCampaign(actor: Actor, campaignId: number): Promise<Campaign> {
  assertCan(actor, 'campaigns', 'launch');
  return transition(actor, 'launch', campaignId, 'draft', `status = 'active', launched_at = now()`, (s) =>
    s === 'finished' ? msg('campaign.finishedCannotLaunch') : msg('campaign.launchOnlyDraft', { status: s }),
  );
}

/** Finishes an active campaign for good. */
export async function finishCampaign(actor: Actor, campaignId: number): Promise<Campaign> {
  assertCan(actor, 'campaigns', 'finish');
  return transition(actor, 'finish', campaignId, 'active', `status = 'finished', finished_at = now()`, (s) =>
    msg(s === 'draft' ? 'campaign.draftCannotFinish' : 'campaign.alreadyFinished'),
  );
}

/** Deletes campaigns, all or none; one that has leads is refused. */
export async function deleteCampaigns(actor: Actor, ids: number[]): Promise<void> {
  assertCan(actor, 'campaigns', 'delete');
  await withDbErrors(() =>
    db().transaction(async (m) => {
      const deleted = await deleteRecorded(m, actor, 'campaigns', ids);
      if (deleted.length !== ids.length) throw notFound('campaign.notFound');
    }),
  );
}

export interface CampaignListQuery extends PageQuery {
  status?: Campaign['status'];
  channel?: Campaign['channel'];
  serviceId?: number;
  search?: string;
  createdFrom?: string;
  createdTo?: string;
  budgetFrom?: string;
  budgetTo?: string;
  launchedFrom?: string;
  launchedTo?: string;
}

/** Reads one campaign. */
export async function getCampaign(actor: Actor, campaignId: number): Promise<Campaign> {
  assertCan(actor, 'campaigns', 'show');
  const campaign = await db().getRepository(Campaign).findOneBy({ id: campaignId });
  if (!campaign) throw notFound('campaign.notFound');
  return campaign;
}

/** A page of campaigns, filtered by status, channel, service, name and creation period. */
export async function listCampaigns(actor: Actor, query: CampaignListQuery): Promise<Page<Campaign>> {
  assertCan(actor, 'campaigns', 'list');
  const qb = campaignsFilter(db().getRepository(Campaign).createQueryBuilder('e'), query);
  return keysetPage(qb, CAMPAIGN_SORTS, query);
}

/** The properties the campaigns list (and its export) sorts by. */
export const CAMPAIGN_SORTS = { id: 'integer', name: 'text', budget: 'numeric', createdAt: 'timestamptz' } as const;

/** The WHERE of the campaigns list (main alias `e`), shared by the list and its export. */
export function campaignsFilter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: CampaignListQuery): SelectQueryBuilder<T> {
  if (query.status) qb.andWhere('e.status = :status', { status: query.status });
  if (query.channel) qb.andWhere('e.channel = :channel', { channel: query.channel });
  if (query.serviceId !== undefined) qb.andWhere('e.service_id = :serviceId', { serviceId: query.serviceId });
  if (query.search) qb.andWhere('e.name ILIKE :q', { q: `%${escapeLike(query.search)}%` });
  periodFilter(qb, 'e.created_at', query.createdFrom, query.createdTo);
  periodFilter(qb, 'e.launched_at', query.launchedFrom, query.launchedTo, 'launched');
  amountFilter(qb, 'e.budget', query.budgetFrom, query.budgetTo);
  return qb;
}
