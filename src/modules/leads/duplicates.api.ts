import express, { type Router } from 'express';
import { db } from '../../db/current.js';
import { badRequest } from '../../shared/errors.js';
import { assertCan, type Actor } from '../users/permissions.js';
import { normalizeEmail, normalizePhone } from './contact.js';

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
  if (exclude && !/^\d{1,18}$/.test(exclude)) throw badRequest('Неверный идентификатор', { excludeId: 'Неверный идентификатор' });
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
