import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import { db } from '../../db/current.js';
import { translateDbError } from '../../shared/db-errors.js';
import { escapeLike, keysetPage, periodFilter, type Page, type PageQuery } from '../../shared/keyset.js';
import { conflict, invalidState, msg, notFound, validationError } from '../../shared/errors.js';
import { dateOnly, id, money, parseInput, requiredText } from '../../shared/validation.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { storeDocument, type UploadedFile } from '../contracts/documents.service.js';
import { Lead } from '../leads/lead.entity.js';
import { Service } from '../services/service.entity.js';
import { assertCan, type Actor } from '../users/permissions.js';
import { Customer } from './customer.entity.js';

const conversionInput = z.object({
  name: requiredText(200),
  serviceId: id.optional(),
  amount: money({ positive: true }).optional(),
  signedOn: dateOnly.optional(),
  startsOn: dateOnly,
  endsOn: dateOnly,
});

const today = () => new Date().toISOString().slice(0, 10);

export interface ConversionDefaults {
  name: string;
  serviceId: number;
  serviceName: string;
  amount: string;
  signedOn: string;
}

/** What the convert form starts with: the campaign's service and that service's price, signed today. */
export async function conversionDefaults(actor: Actor, leadId: string): Promise<ConversionDefaults> {
  assertCan(actor, 'leads', 'convert');
  const lead = await db().getRepository(Lead).findOneBy({ id: leadId });
  if (!lead) throw notFound('lead.notFound');
  const campaign = await db().getRepository(Campaign).findOneByOrFail({ id: lead.campaignId });
  const service = await db().getRepository(Service).findOneByOrFail({ id: campaign.serviceId });
  return { name: `${service.name} — ${lead.fullName}`.slice(0, 200), serviceId: service.id, serviceName: service.name, amount: service.price, signedOn: today() };
}

/**
 * Converts a lead into a customer with its first contract, in one transaction: the customer, the contract (and
 * its document) and the lead's new status are written together or not at all. The lead row is locked and
 * customers.lead_id is unique, so a double click, two managers or a retry give one customer; the others are told
 * the lead is already converted.
 */
export async function convertLead(actor: Actor, leadId: string, input: unknown, document?: UploadedFile): Promise<{ customer: Customer; contract: Contract }> {
  assertCan(actor, 'leads', 'convert');
  const data = parseInput(conversionInput, input);
  try {
    return await db().transaction(async (m) => {
      const lead = await m.findOne(Lead, { where: { id: leadId }, lock: { mode: 'pessimistic_write' } });
      if (!lead) throw notFound('lead.notFound');
      if (lead.status === 'converted') throw conflict(msg('lead.alreadyConverted'));
      if (lead.status === 'lost') throw invalidState(msg('lead.lostCannotConvert'));
      const campaign = await m.findOneByOrFail(Campaign, { id: lead.campaignId });
      const serviceId = data.serviceId ?? campaign.serviceId;
      const service = await m.findOneBy(Service, { id: serviceId });
      if (!service) throw validationError({ serviceId: msg('service.notFound') });
      const amount = data.amount ?? service.price;
      if (Number(amount) <= 0) throw validationError({ amount: msg('money.positive') });
      if (data.endsOn < data.startsOn) throw validationError({ endsOn: msg('period.endBeforeStart') });

      const stored = document ? await storeDocument(m, document, actor) : null;
      const customer = await m.save(m.create(Customer, { leadId, displayName: lead.fullName, convertedAt: new Date(), convertedById: actor.id }));
      const contract = await m.save(
        m.create(Contract, {
          name: data.name, serviceId, customerId: customer.id, amount,
          signedOn: data.signedOn ?? today(), startsOn: data.startsOn, endsOn: data.endsOn, documentId: stored?.id ?? null,
        }),
      );
      await m.update(Lead, { id: leadId }, { status: 'converted' });
      return { customer, contract };
    });
  } catch (e) {
    translateDbError(e);
  }
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
    return m.findOneByOrFail(Lead, { id: leadId });
  });
}

/** Sales volume per customer: the sum of its contracts' amounts, for a page of customers in one query. */
export async function salesVolumes(customerIds: number[]): Promise<Map<number, string>> {
  if (!customerIds.length) return new Map();
  const rows: { customer_id: number; total: string }[] = await db().query(
    `SELECT customer_id, sum(amount)::numeric(14,2)::text AS total FROM contracts WHERE customer_id = ANY($1) GROUP BY customer_id`,
    [customerIds],
  );
  const map = new Map(customerIds.map((cid) => [cid, '0.00']));
  for (const r of rows) map.set(r.customer_id, r.total);
  return map;
}

export interface CustomerListQuery extends PageQuery {
  leadId?: string;
  convertedFrom?: string;
  convertedTo?: string;
  search?: string;
}

/** Reads one customer. */
export async function getCustomer(actor: Actor, customerId: number): Promise<Customer> {
  assertCan(actor, 'customers', 'show');
  const customer = await db().getRepository(Customer).findOneBy({ id: customerId });
  if (!customer) throw notFound('customer.notFound');
  return customer;
}

/** A page of customers, filtered by lead, conversion period and name. */
export async function listCustomers(actor: Actor, query: CustomerListQuery): Promise<Page<Customer>> {
  assertCan(actor, 'customers', 'list');
  const qb = customersFilter(db().getRepository(Customer).createQueryBuilder('e'), query);
  return keysetPage(qb, CUSTOMER_SORTS, query);
}

/** The properties the customers list (and its export) sorts by. */
export const CUSTOMER_SORTS = { id: 'integer', convertedAt: 'timestamptz' } as const;

/** The WHERE of the customers list (main alias `e`), shared by the list and its export. */
export function customersFilter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: CustomerListQuery): SelectQueryBuilder<T> {
  if (query.leadId !== undefined) qb.andWhere('e.lead_id = :leadId', { leadId: query.leadId });
  if (query.search) qb.andWhere('e.display_name ILIKE :q', { q: `%${escapeLike(query.search)}%` });
  periodFilter(qb, 'e.converted_at', query.convertedFrom, query.convertedTo);
  return qb;
}
