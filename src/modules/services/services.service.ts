import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import { db } from '../../db/current.js';
import { withDbErrors } from '../../shared/db-errors.js';
import { amountFilter, escapeLike, keysetPage, periodFilter, type Page, type PageQuery } from '../../shared/keyset.js';
import { notFound } from '../../shared/errors.js';
import { money, optionalText, parseInput, requiredText } from '../../shared/validation.js';
import { changesOf, deleteRecorded, recordEdit, recordEvent, snapshot } from '../history/history.service.js';
import { assertCan, type Actor } from '../users/permissions.js';
import { Service } from './service.entity.js';

const serviceInput = z.object({
  name: requiredText(200),
  description: optionalText(10_000).transform((v) => v ?? ''),
  price: money(),
});

/** Adds a service to the catalogue. */
export async function createService(actor: Actor, input: unknown): Promise<Service> {
  assertCan(actor, 'services', 'new');
  const data = parseInput(serviceInput, input);
  return withDbErrors(() =>
    db().transaction(async (m) => {
      const saved = await m.save(m.create(Service, data));
      await recordEvent(m, actor, { resource: 'services', recordId: saved.id, title: saved.name, action: 'create', changes: changesOf('services', {}, saved) });
      return saved;
    }),
  );
}

/** Changes a service's name, description or price. */
export async function updateService(actor: Actor, id: number, input: unknown): Promise<Service> {
  assertCan(actor, 'services', 'edit');
  const data = parseInput(serviceInput.partial(), input);
  return withDbErrors(() =>
    db().transaction(async (m) => {
      const service = await m.findOne(Service, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!service) throw notFound('service.notFound');
      const before = snapshot('services', service);
      Object.assign(service, data);
      const saved = await m.save(service);
      await recordEdit(m, actor, { resource: 'services', recordId: saved.id, title: saved.name, before, after: saved });
      return saved;
    }),
  );
}

/** Deletes services, all or none; one still used by a campaign or contract is refused. */
export async function deleteServices(actor: Actor, ids: number[]): Promise<void> {
  assertCan(actor, 'services', 'delete');
  await withDbErrors(() =>
    db().transaction(async (m) => {
      const deleted = await deleteRecorded(m, actor, 'services', ids);
      if (deleted.length !== ids.length) throw notFound('service.notFound');
    }),
  );
}

export interface ServiceListQuery extends PageQuery {
  search?: string;
  priceFrom?: string;
  priceTo?: string;
  createdFrom?: string;
  createdTo?: string;
}

/** Reads one service. */
export async function getService(actor: Actor, serviceId: number): Promise<Service> {
  assertCan(actor, 'services', 'show');
  const service = await db().getRepository(Service).findOneBy({ id: serviceId });
  if (!service) throw notFound('service.notFound');
  return service;
}

/** A page of the catalogue, optionally searched by name. */
export async function listServices(actor: Actor, query: ServiceListQuery): Promise<Page<Service>> {
  assertCan(actor, 'services', 'list');
  const qb = servicesFilter(db().getRepository(Service).createQueryBuilder('e'), query);
  return keysetPage(qb, SERVICE_SORTS, query, 'name');
}

/** The properties the catalogue (and its export) sorts by. */
export const SERVICE_SORTS = { id: 'integer', name: 'text', price: 'numeric', createdAt: 'timestamptz' } as const;

/** The WHERE of the catalogue list (main alias `e`), shared by the list and its export. */
export function servicesFilter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: ServiceListQuery): SelectQueryBuilder<T> {
  if (query.search) qb.andWhere('e.name ILIKE :q', { q: `%${escapeLike(query.search)}%` });
  amountFilter(qb, 'e.price', query.priceFrom, query.priceTo);
  periodFilter(qb, 'e.created_at', query.createdFrom, query.createdTo);
  return qb;
}
