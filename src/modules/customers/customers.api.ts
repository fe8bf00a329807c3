import { Api, intId } from '../../api/endpoint.js';
import { BigId, IdPath, Instant, listQuery, Money, page, queryAssignee, queryDate, queryId, querySearch, z } from '../../api/schemas.js';
import { getCustomer, listCustomers, salesVolumes } from './conversion.service.js';
import type { Customer } from './customer.entity.js';

export const CustomerOut = z
  .object({
    id: z.number().int(), leadId: BigId, convertedAt: Instant, convertedById: z.number().int().nullable(),
    assigneeId: z.number().int().nullable().openapi({ description: 'The responsible manager, inherited from the lead at conversion' }),
    salesVolume: Money.openapi({ description: 'The sum of the customer\'s contract amounts' }),
  })
  .openapi('Customer');

export const toCustomer = (c: Customer, salesVolume: string): z.infer<typeof CustomerOut> => ({
  id: c.id, leadId: String(c.leadId), convertedAt: c.convertedAt.toISOString(), convertedById: c.convertedById, assigneeId: c.assigneeId, salesVolume,
});

export const ListQuery = listQuery(['id', 'convertedAt'] as const).extend({
  leadId: z.string().regex(/^\d{1,18}$/).optional(),
  convertedFrom: queryDate.optional(),
  convertedTo: queryDate.optional(),
  search: querySearch.optional().openapi({ description: 'Part of the name, or of the lead\'s name, phone or e-mail (as the leads search)' }),
  name: querySearch.optional().openapi({ description: 'Part of the customer\'s name only' }),
  assigneeId: queryAssignee.optional(),
  convertedById: queryId.optional().openapi({ description: 'The user who converted the lead' }),
});

/** /customers: read only; customers are created by converting a lead (POST /leads/{id}/convert). */
export function customersApi(api: Api): void {
  api.add({
    method: 'get', path: '/customers', tag: 'customers', summary: 'List customers with their sales volume (default sort: -id)',
    permission: ['customers', 'list'], query: ListQuery,
    responses: { 200: { description: 'A page of customers', schema: page(CustomerOut, 'CustomerPage') } },
    handler: async ({ actor, query }) => {
      const { items, nextCursor } = await listCustomers(actor, query);
      const volumes = await salesVolumes(items.map((c) => c.id));
      return { json: { items: items.map((c) => toCustomer(c, volumes.get(c.id) ?? '0.00')), nextCursor } };
    },
  });
  api.add({
    method: 'get', path: '/customers/{id}', tag: 'customers', summary: 'Read a customer',
    permission: ['customers', 'show'], params: IdPath,
    responses: { 200: { description: 'The customer', schema: CustomerOut } },
    handler: async ({ actor, params }) => {
      const customer = await getCustomer(actor, intId(params.id));
      const volumes = await salesVolumes([customer.id]);
      return { json: toCustomer(customer, volumes.get(customer.id) ?? '0.00') };
    },
  });
}
