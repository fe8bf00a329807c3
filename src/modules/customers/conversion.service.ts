import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import { db } from '../../db/current.js';
import type { Limits } from '../../config.js';
import { translateDbError } from '../../shared/db-errors.js';
import { keysetPage, periodFilter, type Page, type PageQuery } from '../../shared/keyset.js';
import { searchNameWhere } from '../../shared/fold.js';
import { conflict, invalidState, msg, notFound, validationError } from '../../shared/errors.js';
import { parseInput } from '../../shared/validation.js';
import { Campaign } from '../campaigns/campaign.entity.js';
import { Contract } from '../contracts/contract.entity.js';
import { checkContract, contractFields } from '../contracts/contracts.service.js';
import { checkDocument, storeDocument, type UploadedFile } from '../contracts/documents.service.js';
import { Lead } from '../leads/lead.entity.js';
import { leadSearchWhere } from '../leads/leads.service.js';
import { Service } from '../services/service.entity.js';
import { changesOf, recordEvents } from '../history/history.service.js';
import { assertCan, can, type Actor } from '../users/permissions.js';
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
export async function convertLead(actor: Actor, leadId: string, input: unknown, document: UploadedFile | undefined, limits: Pick<Limits, 'documentBytes'>): Promise<{ customer: Customer; contract: Contract }> {
  assertCan(actor, 'leads', 'convert');
  const data = parseInput(conversionInput, input);
  const file = document ? await checkDocument(document, limits) : null;
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
      // The customer inherits the lead's responsible manager (none stays none).
      const customer = await m.save(m.create(Customer, { leadId, displayName: lead.fullName, convertedAt: new Date(), convertedById: actor.id, assigneeId: lead.assigneeId }));
      const contract = await m.save(
        m.create(Contract, {
          name: data.name, serviceId, customerId: customer.id, amount,
          signedOn: data.signedOn ?? today(), startsOn: data.startsOn, endsOn: data.endsOn, documentId: stored?.id ?? null,
        }),
      );
      await m.update(Lead, { id: leadId }, { status: 'converted' });
      // The lead, the new customer and its first contract, each in its own history: one INSERT.
      await recordEvents(m, actor, [
        {
          resource: 'leads', recordId: leadId, title: lead.fullName, action: 'convert',
          changes: [{ field: 'status', from: lead.status, to: 'converted' }], meta: { customerId: customer.id, contractId: contract.id },
        },
        { resource: 'customers', recordId: customer.id, title: customer.displayName, action: 'convert', changes: changesOf('customers', {}, customer), meta: { leadId } },
        {
          resource: 'contracts', recordId: contract.id, title: contract.name, action: 'create',
          changes: changesOf('contracts', {}, { ...contract, document: stored?.fileName ?? null }), meta: { leadId },
        },
      ]);
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

export interface CustomerListQuery extends PageQuery {
  leadId?: string;
  convertedFrom?: string;
  convertedTo?: string;
  search?: string;
  /** Part of the customer's name (the panel's «Имя» filter). */
  name?: string;
  /** The responsible manager's id, or `none`. */
  assigneeId?: number | 'none';
  convertedById?: number;
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
  const search = query.search?.trim() ? customerSearchWhere('e', query.search) : null;
  if (search) qb.andWhere(search.sql, search.params);
  const name = query.name ? customerNameWhere('e', query.name) : null;
  if (name) qb.andWhere(name.sql, name.params);
  if (query.assigneeId === 'none') qb.andWhere('e.assignee_id IS NULL');
  else if (query.assigneeId !== undefined) qb.andWhere('e.assignee_id = :assigneeId', { assigneeId: query.assigneeId });
  if (query.convertedById !== undefined) qb.andWhere('e.converted_by_id = :convertedById', { convertedById: query.convertedById });
  periodFilter(qb, 'e.converted_at', query.convertedFrom, query.convertedTo);
  return qb;
}

/**
 * The customers search (the API's `search`, the panel's search box): the customer's name (customerNameWhere), or
 * the lead's name, phone or e-mail by the leads search's rules (leadSearchWhere: ё as е, words in any order, a phone
 * typed any way). `alias` is the customers table's alias, `key` prefixes the parameters.
 */
export function customerSearchWhere(alias: string, text: string, key = 'customerSearch'): { sql: string; params: Record<string, unknown> } | null {
  const lead = leadSearchWhere('search_lead', text, key);
  const name = customerNameWhere(alias, text, `${key}Name`);
  if (!lead || !name) return null;
  return {
    sql: `(${name.sql} OR ${alias}.lead_id IN (SELECT search_lead.id FROM leads search_lead WHERE ${lead.sql}))`,
    params: { ...name.params, ...lead.params },
  };
}

/** The customer's name (the list's «Имя» filter, the API's `name`): ё as е, any case, the words in any order. */
export const customerNameWhere = (alias: string, text: string, key = 'customerName') => searchNameWhere(alias, text, key);

/** A contract as a customer's card lists it. */
export interface CardContract {
  id: number;
  name: string;
  serviceId: number;
  serviceName: string;
  amount: string;
  signedOn: string;
  startsOn: string;
  endsOn: string;
  documentId: number | null;
  documentName: string | null;
}

/**
 * What a customer's card shows beyond the customer's own columns, each part only to a role that may read it
 * (permissions.ts): the lead's contacts (leads: show), and the contracts with the sales volume (contracts: list);
 * a part the role may not read is null.
 */
export interface CustomerCard {
  customerId: number;
  displayName: string;
  leadId: string;
  phone: string | null;
  email: string | null;
  contractsCount: number | null;
  salesVolume: string | null;
  contracts: CardContract[] | null;
  /** Whether the actor may add a contract (the card's «Добавить контракт»). */
  canAddContract: boolean;
}

async function contractsOf(customerId: number): Promise<CardContract[]> {
  const rows: Array<Omit<CardContract, 'documentId'> & { documentId: number | null }> = await db().query(
    `SELECT k.id, k.name, k.service_id AS "serviceId", s.name AS "serviceName", k.amount::text AS amount,
            to_char(k.signed_on, 'YYYY-MM-DD') AS "signedOn", to_char(k.starts_on, 'YYYY-MM-DD') AS "startsOn",
            to_char(k.ends_on, 'YYYY-MM-DD') AS "endsOn", k.document_id AS "documentId", d.file_name AS "documentName"
       FROM contracts k JOIN services s ON s.id = k.service_id LEFT JOIN documents d ON d.id = k.document_id
      WHERE k.customer_id = $1 ORDER BY k.signed_on DESC, k.id DESC`,
    [customerId],
  );
  return rows;
}

const sumOf = (contracts: CardContract[]): string => {
  // exact decimal sum in cents (amounts are numeric(12,2) strings)
  const cents = contracts.reduce((acc, k) => acc + BigInt(k.amount.replace('.', '')), 0n);
  const s = cents.toString().padStart(3, '0');
  return `${s.slice(0, -2)}.${s.slice(-2)}`;
};

async function cardOf(actor: Actor, customer: { id: number; display_name: string; lead_id: string; phone: string | null; email: string | null }): Promise<CustomerCard> {
  const contracts = can(actor, 'contracts', 'list') ? await contractsOf(customer.id) : null;
  const leads = can(actor, 'leads', 'show');
  return {
    customerId: customer.id,
    displayName: customer.display_name,
    leadId: String(customer.lead_id),
    phone: leads ? customer.phone : null,
    email: leads ? customer.email : null,
    contractsCount: contracts ? contracts.length : null,
    salesVolume: contracts ? sumOf(contracts) : null,
    contracts,
    canAddContract: !!contracts && can(actor, 'contracts', 'new'),
  };
}

const CARD_SQL = `SELECT c.id, c.display_name, c.lead_id::text AS lead_id, l.phone, l.email FROM customers c JOIN leads l ON l.id = c.lead_id`;

/** A customer's card: contacts from the lead, contracts and sales volume, as far as the actor's role may read them. */
export async function customerCard(actor: Actor, customerId: number): Promise<CustomerCard> {
  assertCan(actor, 'customers', 'show');
  const [row] = await db().query(`${CARD_SQL} WHERE c.id = $1`, [customerId]);
  if (!row) throw notFound('customer.notFound');
  return cardOf(actor, row);
}

/**
 * The customer a converted lead became, for the lead's card: null when the lead has none. Its contracts only to a
 * role that may read customers' contracts.
 */
export async function customerCardOfLead(actor: Actor, leadId: string): Promise<CustomerCard | null> {
  assertCan(actor, 'leads', 'show');
  const [row] = await db().query(`${CARD_SQL} WHERE c.lead_id = $1`, [leadId]);
  if (!row) return null;
  const card = await cardOf(actor, row);
  return can(actor, 'customers', 'show') ? card : { ...card, contracts: null, contractsCount: null, salesVolume: null, canAddContract: false };
}

/** The customer a converted lead became (its id and name only), null when the lead has none. */
export async function customerOfLead(actor: Actor, leadId: string): Promise<{ id: number; displayName: string } | null> {
  assertCan(actor, 'leads', 'show');
  const [row] = await db().query(`SELECT id, display_name AS "displayName" FROM customers WHERE lead_id = $1`, [leadId]);
  return row ?? null;
}

/** Sales volume and number of contracts per customer, for a page of customers in one query (customers: list). */
export async function customerTotals(actor: Actor, customerIds: number[]): Promise<Map<number, { salesVolume: string; contractsCount: number }>> {
  assertCan(actor, 'customers', 'list');
  if (!customerIds.length) return new Map();
  const rows: { customer_id: number; total: string; n: number }[] = await db().query(
    `SELECT customer_id, sum(amount)::numeric(14,2)::text AS total, count(*)::int AS n FROM contracts WHERE customer_id = ANY($1) GROUP BY customer_id`,
    [customerIds],
  );
  const map = new Map(customerIds.map((cid) => [cid, { salesVolume: '0.00', contractsCount: 0 }]));
  for (const r of rows) map.set(r.customer_id, { salesVolume: r.total, contractsCount: r.n });
  return map;
}
