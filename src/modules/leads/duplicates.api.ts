import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import express, { type Router } from 'express';
import { API_SECURITY, errorResponse, rolesOf } from '../../api/endpoint.js';
import { BigId, z } from '../../api/schemas.js';
import { LEAD_STATUSES } from './lead.entity.js';
import { DUPLICATES_LISTED, findDuplicateLeads } from './leads.service.js';

/**
 * GET /leads/duplicates?phone=&email=&excludeId= → { items: DuplicateLead[] }: the panel's warning while a lead
 * is typed. Needs `leads` `list`; contacts that are not (yet) a valid phone or e-mail match nothing.
 */
export function leadDuplicatesApi(): Router {
  const router = express.Router();
  router.get('/leads/duplicates', async (req, res) => {
    res.json({ items: await findDuplicateLeads(req.actor, req.query) });
  });
  return router;
}

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

/** Registers GET /leads/duplicates in the API's OpenAPI document. */
export function describeLeadDuplicatesApi(registry: OpenAPIRegistry): void {
  const roles = rolesOf(['leads', 'list']);
  registry.registerPath({
    method: 'get',
    path: '/leads/duplicates',
    summary: 'Leads that already have this phone or e-mail (a warning while a lead is typed)',
    description: `Phone and e-mail are normalised as when a lead is saved; a value that is not (yet) a valid phone or e-mail matches nothing. Without phone and e-mail the list is empty.\n\nRoles: ${roles}.`,
    tags: ['leads'],
    security: API_SECURITY,
    request: {
      query: z.object({
        phone: z.string().optional().openapi({ description: 'A phone number, in any usual notation', example: '+7 912 345-67-89' }),
        email: z.string().optional().openapi({ description: 'An e-mail address', example: 'ivan@example.com' }),
        excludeId: z.string().regex(/^\d{1,18}$/).optional().openapi({ description: 'The lead being edited, left out of the answer', example: '42' }),
      }),
    },
    responses: {
      200: { description: 'The matching leads', content: { 'application/json': { schema: DuplicateLeadsOut } } },
      400: errorResponse('Malformed request: excludeId is not an id'),
      401: errorResponse('No credentials, or an invalid/revoked token'),
      403: errorResponse(`The role may not do this (allowed: ${roles})`),
    },
  });
}
