import { Api, intId } from '../../api/endpoint.js';
import { IdPath, Instant, listQuery, Money, MoneyIn, page, queryAmount, queryDate, querySearch, z } from '../../api/schemas.js';
import type { Service } from './service.entity.js';
import { createService, deleteServices, getService, listServices, updateService } from './services.service.js';

export const ServiceOut = z
  .object({ id: z.number().int(), name: z.string(), description: z.string(), price: Money, createdAt: Instant, updatedAt: Instant })
  .openapi('Service');

export const toService = (s: Service): z.infer<typeof ServiceOut> => ({
  id: s.id, name: s.name, description: s.description, price: s.price, createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(),
});

const ServiceIn = z.object({
  name: z.string().max(1000).openapi({ example: 'Аудит сайта' }),
  description: z.string().max(20_000).nullable().optional(),
  price: MoneyIn,
});

export const ListQuery = listQuery(['id', 'name', 'price', 'createdAt'] as const).extend({
  search: querySearch.optional().openapi({ description: 'Part of the name (case-insensitive)' }),
  priceFrom: queryAmount.optional(),
  priceTo: queryAmount.optional(),
  createdFrom: queryDate.optional(),
  createdTo: queryDate.optional(),
});

/** /services: the catalogue. */
export function servicesApi(api: Api): void {
  api.add({
    method: 'get', path: '/services', tag: 'services', summary: 'List services (default sort: name)',
    permission: ['services', 'list'], query: ListQuery,
    responses: { 200: { description: 'A page of services', schema: page(ServiceOut, 'ServicePage') } },
    handler: async ({ actor, query }) => {
      const { items, nextCursor } = await listServices(actor, query);
      return { json: { items: items.map(toService), nextCursor } };
    },
  });
  api.add({
    method: 'post', path: '/services', tag: 'services', summary: 'Create a service',
    permission: ['services', 'new'], body: ServiceIn,
    responses: { 201: { description: 'Created', schema: ServiceOut }, 409: { description: 'The name is taken' } },
    handler: async ({ actor, body }) => ({ status: 201, json: toService(await createService(actor, body)) }),
  });
  api.add({
    method: 'get', path: '/services/{id}', tag: 'services', summary: 'Read a service',
    permission: ['services', 'show'], params: IdPath,
    responses: { 200: { description: 'The service', schema: ServiceOut } },
    handler: async ({ actor, params }) => ({ json: toService(await getService(actor, intId(params.id))) }),
  });
  api.add({
    method: 'patch', path: '/services/{id}', tag: 'services', summary: 'Change a service',
    permission: ['services', 'edit'], params: IdPath, body: ServiceIn.partial(),
    responses: { 200: { description: 'Updated', schema: ServiceOut }, 409: { description: 'The name is taken' } },
    handler: async ({ actor, params, body }) => ({ json: toService(await updateService(actor, intId(params.id), body)) }),
  });
  api.add({
    method: 'delete', path: '/services/{id}', tag: 'services', summary: 'Delete a service (refused while campaigns or contracts use it)',
    permission: ['services', 'delete'], params: IdPath,
    responses: { 204: { description: 'Deleted' }, 409: { description: 'Still referenced' } },
    handler: async ({ actor, params }) => {
      await deleteServices(actor, [intId(params.id)]);
      return { status: 204 };
    },
  });
}
