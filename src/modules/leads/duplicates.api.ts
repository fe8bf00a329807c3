import { Api } from '../../api/endpoint.js';
import { BigId, describeFields, z } from '../../api/schemas.js';
import { LEAD_STATUSES } from './lead.entity.js';
import { DUPLICATES_LISTED, duplicatesQuerySchema, findDuplicateLeads } from './leads.service.js';

const DuplicatesQuery = describeFields(duplicatesQuerySchema, {
  phone: { type: 'string' as const, description: 'A phone number, in any usual notation', example: '+7 912 345-67-89' },
  email: { type: 'string' as const, description: 'An e-mail address', example: 'ivan@example.com' },
  excludeId: { type: 'string' as const, description: 'The lead being edited, left out of the answer (digits; anything else is 400)', example: '42' },
});

const DuplicateLeadsOut = z
  .object({
    items: z.array(
      z.object({
        id: BigId,
        fullName: z.string(),
        phone: z.string().nullable(),
        email: z.string().nullable(),
        status: z.enum(LEAD_STATUSES),
        campaignId: z.number().int(),
        campaignName: z.string(),
        matches: z.array(z.enum(['phone', 'email'])).openapi({ description: 'Which of the given contacts this lead has' }),
      }),
    ).openapi({ description: `At most ${DUPLICATES_LISTED}, newest first` }),
  })
  .openapi('DuplicateLeads');

/**
 * GET /leads/duplicates?phone=&email=&excludeId= → { items: DuplicateLead[] }: the panel's warning while a lead
 * is typed. Declared before the leads' own routes, so `/leads/duplicates` is not taken for `/leads/{id}`.
 */
export function leadDuplicatesApi(api: Api): void {
  api.add({
    method: 'get', path: '/leads/duplicates', tag: 'leads',
    summary: 'Leads that already have this phone or e-mail (a warning while a lead is typed)',
    description:
      'Phone and e-mail are normalised as when a lead is saved; a value that is not (yet) a valid phone or e-mail matches nothing. Without phone and e-mail the list is empty.',
    permission: ['leads', 'list'], query: DuplicatesQuery, unknownQuery: 'ignore',
    responses: {
      200: { description: 'The matching leads', schema: DuplicateLeadsOut },
      400: { description: 'Malformed request: excludeId is not an id' },
    },
    handler: async ({ actor, query }) => ({ json: { items: await findDuplicateLeads(actor, query) } }),
  });
}
