import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import express, { type Router } from 'express';
import { API_SECURITY, errorResponse, rolesOf } from '../../api/endpoint.js';
import { BigId, z } from '../../api/schemas.js';
import { db } from '../../db/current.js';
import { badRequest, msg } from '../../shared/errors.js';
import { assertCan, type Actor } from '../users/permissions.js';
import { normalizeEmail, normalizePhone } from './contact.js';
import { LEAD_STATUSES } from './lead.entity.js';

/** How many earlier leads a warning lists at most. */
const LIMIT = 5;

export interface DuplicateLead {
  id: string;
  fullName: string;
  phone: string | null;
  email: string | null;
  status: string;
  campaignId: number;
  campaignName: string;
  /** Which of the typed contacts this lead has. */
  matches: Array<'phone' | 'email'>;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Leads that already have the phone or e-mail being typed (normalised as when a lead is saved), newest first,
 * without the lead being edited. Only a warning: the same person may answer two campaigns.
 */
export async function findDuplicateLeads(actor: Actor | undefined, input: { phone?: unknown; email?: unknown; excludeId?: unknown }): Promise<DuplicateLead[]> {
  assertCan(actor, 'leads', 'list');
  const phone = text(input.phone) ? normalizePhone(text(input.phone)) : null;
  const email = text(input.email) ? normalizeEmail(text(input.email)) : null;
  const exclude = text(input.excludeId);
  if (exclude && !/^\d{1,18}$/.test(exclude)) throw badRequest(msg('request.invalidId'), { excludeId: msg('request.invalidId') });
  if (!phone && !email) return [];
  const rows: Array<Omit<DuplicateLead, 'matches'>> = await db().query(
    `SELECT l.id::text AS id, l.full_name AS "fullName", l.phone, l.email, l.status::text AS status,
            l.campaign_id AS "campaignId", c.name AS "campaignName"
       FROM leads l JOIN campaigns c ON c.id = l.campaign_id
      WHERE (l.phone = $1 OR l.email = $2) AND ($3::bigint IS NULL OR l.id <> $3::bigint)
      ORDER BY l.id DESC LIMIT ${LIMIT}`,
    [phone, email, exclude || null],
  );
  return rows.map((r) => ({
    ...r,
    matches: [...(phone && r.phone === phone ? (['phone'] as const) : []), ...(email && r.email === email ? (['email'] as const) : [])],
  }));
}

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
    ).openapi({ description: `At most ${LIMIT}, newest first` }),
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
