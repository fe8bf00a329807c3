import { Api, bigId, intId } from '../../api/endpoint.js';
import { BigId, IdPath, Instant, listQuery, page, queryDate, queryId, z } from '../../api/schemas.js';
import { currencySymbol } from '../../admin/ui.js';
import type { Config } from '../../config.js';
import { apiLanguage } from '../../shared/i18n/language.js';
import { RESOURCES } from '../users/permissions.js';
import { describeEvents, lineOf } from './history.render.js';
import { listJournal, recordHistory } from './history.service.js';
import { HISTORY_ACTIONS, VIAS } from './history.types.js';
import type { RecordEvent } from './record-event.entity.js';

const ChangeOut = z
  .object({
    field: z.string(),
    from: z.unknown().optional().openapi({ description: 'The value before (null: none); absent for a secret field (password)' }),
    to: z.unknown().optional().openapi({ description: 'The value after (null: none); absent for a secret field (password)' }),
  })
  .openapi('HistoryChange');

const EventOut = z
  .object({
    id: BigId,
    at: Instant,
    actor: z.object({ id: z.number().int().nullable(), name: z.string(), roles: z.array(z.string()) }).openapi({ description: 'Who, as they were then (the user may be deleted since)' }),
    via: z.enum(VIAS).openapi({ description: 'panel (also the panel\'s own calls with its cookie), api (a token), import, system' }),
    resource: z.enum(RESOURCES),
    recordId: z.string(),
    recordTitle: z.string().openapi({ description: 'The record\'s name or title at that change: readable after its deletion' }),
    action: z.enum(HISTORY_ACTIONS),
    changes: z.array(ChangeOut).openapi({ description: 'Field by field, raw values (ids, decimal strings, YYYY-MM-DD, enum values)' }),
    meta: z.record(z.unknown()).openapi({ description: 'convert: customerId, contractId; import: batchId, fileName, rows, created, duplicates, invalid, through; token: tokenId, name' }),
    summary: z.string().openapi({ description: 'The change as people read it, in the language of Accept-Language', example: 'статус «Новый» → «В работе»' }),
    line: z.string().openapi({ description: 'when — who: summary (company time zone)', example: '12.03.2026 14:05 — Соколова М. А. (администратор): статус «Новый» → «В работе»' }),
  })
  .openapi('HistoryEvent');

const HistoryPage = page(EventOut, 'HistoryPage');

const HistoryQuery = listQuery(['id'] as const).omit({ sort: true });
const JournalQuery = HistoryQuery.extend({
  actorId: queryId.optional().openapi({ description: 'Changes made by this user' }),
  resource: z.enum(RESOURCES).optional(),
  recordId: z.string().regex(/^\d{1,18}$/).optional().openapi({ description: 'With resource: one record' }),
  action: z.enum(HISTORY_ACTIONS).optional(),
  from: queryDate.optional(),
  to: queryDate.optional(),
});

async function eventsOut(items: RecordEvent[], lang: 'ru' | 'en', symbol: string) {
  const lines = await describeEvents(items, lang, symbol);
  return items.map((e, i) => ({
    id: String(e.id), at: e.at.toISOString(), actor: { id: e.actorId, name: e.actorName, roles: e.actorRoles }, via: e.via as (typeof VIAS)[number],
    resource: e.resource as (typeof RESOURCES)[number], recordId: e.recordId, recordTitle: e.recordTitle, action: e.action,
    changes: e.changes, meta: e.meta, summary: lines[i].summary, line: lineOf(lines[i]),
  }));
}

/** GET /{resource}/{id}/history (whoever may open the record) and GET /history, the journal (administrators). */
export function historyApi(api: Api, config: Config): void {
  const symbol = currencySymbol(config.CURRENCY);
  for (const resource of RESOURCES) {
    api.add({
      method: 'get', path: `/${resource}/{id}/history`, tag: 'history', summary: `The history of one of ${resource}, newest first (also after its deletion)`,
      permission: [resource, 'show'], params: IdPath, query: HistoryQuery,
      responses: { 200: { description: 'A page of events', schema: HistoryPage } },
      handler: async ({ req, actor, params, query }) => {
        const id = resource === 'leads' ? bigId(params.id) : String(intId(params.id));
        const { items, nextCursor } = await recordHistory(actor, resource, id, query);
        return { json: { items: await eventsOut(items, apiLanguage(req), symbol), nextCursor } };
      },
    });
  }
  api.add({
    method: 'get', path: '/history', tag: 'history', summary: 'The journal: every change of every record, newest first',
    permission: ['users', 'journal'], query: JournalQuery,
    responses: { 200: { description: 'A page of events', schema: HistoryPage } },
    handler: async ({ req, actor, query }) => {
      const { items, nextCursor } = await listJournal(actor, query);
      return { json: { items: await eventsOut(items, apiLanguage(req), symbol), nextCursor } };
    },
  });
}
