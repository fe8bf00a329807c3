import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { z } from 'zod';
import { db } from '../../db/current.js';
import { withDbErrors } from '../../shared/db-errors.js';
import { escapeLike, keysetPage, type Page, type PageQuery } from '../../shared/keyset.js';
import { notFound } from '../../shared/errors.js';
import { money, optionalText, parseInput, requiredText } from '../../shared/validation.js';
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
  return withDbErrors(() => db().getRepository(Service).save(db().getRepository(Service).create(data)));
}

/** Changes a service's name, description or price. */
export async function updateService(actor: Actor, id: number, input: unknown): Promise<Service> {
  assertCan(actor, 'services', 'edit');
  const data = parseInput(serviceInput.partial(), input);
  const repo = db().getRepository(Service);
  const service = await repo.findOneBy({ id });
  if (!service) throw notFound('service.notFound');
  Object.assign(service, data);
  return withDbErrors(() => repo.save(service));
}

/** Deletes services, all or none; one still used by a campaign or contract is refused. */
export async function deleteServices(actor: Actor, ids: number[]): Promise<void> {
  assertCan(actor, 'services', 'delete');
  await withDbErrors(() =>
    db().transaction(async (m) => {
      const { affected } = await m.delete(Service, ids);
      if ((affected ?? 0) !== ids.length) throw notFound('service.notFound');
    }),
  );
}

export interface ServiceListQuery extends PageQuery {
  search?: string;
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
  return qb;
}
