import { z } from 'zod';
import { db } from '../../db/current.js';
import { translateDbError } from '../../shared/db-errors.js';
import { escapeLike, keysetPage, periodFilter, type Page, type PageQuery } from '../../shared/keyset.js';
import { conflict, invalidState, msg, notFound, validationError } from '../../shared/errors.js';
import { parseInput } from '../../shared/validation.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { checkContract, contractFields } from '../contracts/contracts.service.js';
import { checkDocument, storeDocument, type UploadedFile } from '../contracts/documents.service.js';
import { Lead } from '../leads/lead.entity.js';
import { Service } from '../services/service.entity.js';
import { assertCan, type Actor } from '../users/permissions.js';
import { Customer } from './customer.entity.js';

/** The first contract: the contract service's own fields, where service, amount and signing day have defaults. */
const conversionInput = z.object({
  ...contractFields,
  serviceId: contractFields.serviceId.optional(),
  amount: contractFields.amount.optional(),
  signedOn: contractFields.signedOn.optional(),
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
 * the lead is already converted. The contract is checked by the contract service's own rules, and an uploaded
 * document is read and checked before the transaction opens, so no lead row stays locked while a file is read.
 */
export async function convertLead(actor: Actor, leadId: string, input: unknown, document?: UploadedFile): Promise<{ customer: Customer; contract: Contract }> {
  assertCan(actor, 'leads', 'convert');
  const data = parseInput(conversionInput, input);
  const file = document ? await checkDocument(document) : null;
  try {
    return await db().transaction(async (m) => {
      const lead = await m.findOne(Lead, { where: { id: leadId }, lock: { mode: 'pessimistic_write' } });
      if (!lead) throw notFound('lead.notFound');
      if (lead.status === 'converted') throw conflict(msg('lead.alreadyConverted'));
      if (lead.status === 'lost') throw invalidState(msg('lead.lostCannotConvert'));
      const campaign = await m.findOneByOrFail(Campaign, { id: lead.campaignId });
      const serviceId = data.serviceId ?? campaign.serviceId;
      await checkContract({ serviceId, startsOn: data.startsOn, endsOn: data.endsOn }, m);
      const service = await m.findOneByOrFail(Service, { id: serviceId });
      // The service's price as the default amount: a free service gives no contract without an amount.
      const amount = data.amount ?? service.price;
      if (Number(amount) <= 0) throw validationError({ amount: msg('money.positive') });

      const stored = file ? await storeDocument(m, file, actor) : null;
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

/** How many contracts each customer has, for a page of customers in one query. */
export async function contractCounts(customerIds: number[]): Promise<Map<number, number>> {
  const map = new Map(customerIds.map((cid) => [cid, 0]));
  if (!customerIds.length) return map;
  const rows: { customer_id: number; n: number }[] = await db().query(
    `SELECT customer_id, count(*)::int AS n FROM contracts WHERE customer_id = ANY($1) GROUP BY customer_id`,
    [customerIds],
  );
  for (const r of rows) map.set(r.customer_id, r.n);
  return map;
}

/** The customer a converted lead became (id and name), or null. */
export async function customerOfLead(leadId: string): Promise<{ id: number; displayName: string } | null> {
  const [row] = await db().query(`SELECT id, display_name FROM customers WHERE lead_id = $1`, [leadId]);
  return row ? { id: row.id, displayName: row.display_name } : null;
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
  const qb = db().getRepository(Customer).createQueryBuilder('e');
  if (query.leadId !== undefined) qb.andWhere('e.lead_id = :leadId', { leadId: query.leadId });
  if (query.search) qb.andWhere('e.display_name ILIKE :q', { q: `%${escapeLike(query.search)}%` });
  periodFilter(qb, 'e.converted_at', query.convertedFrom, query.convertedTo);
  return keysetPage(qb, { id: 'integer', convertedAt: 'timestamptz' }, query);
}
