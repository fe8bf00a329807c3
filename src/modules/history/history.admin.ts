import type { ActionContext, ActionRequest, ActionResponse, ListActionResponse, RecordActionResponse, ResourceWithOptions } from 'adminjs';
import { In } from 'typeorm';
import { Components } from '../../admin/components.js';
import { CrmResource, type CountPolicy } from '../../admin/crm-resource.js';
import { actorOf, panelLanguageOf, withPermissions } from '../../admin/resource-options.js';
import { NAV, readOnly, showOnly, type UiSettings } from '../../admin/ui.js';
import { db } from '../../db/current.js';
import { DomainError } from '../../shared/errors.js';
import { can, type ResourceId } from '../users/permissions.js';
import { describeEvents, lineOf } from './history.render.js';
import { recordHistory, recordKey } from './history.service.js';
import { RecordEvent } from './record-event.entity.js';

/** How many events a record's page shows at first; «Показать ещё» reads the next pages from the API. */
export const HISTORY_FIRST_PAGE = 20;

type After = (response: ActionResponse, request: ActionRequest, context: ActionContext) => Promise<ActionResponse>;

/**
 * A record's page with its history at the bottom (components/RecordHistory.tsx): the latest events as lines in
 * the panel's language, read by the same service and permission as the API's GET /{resource}/{id}/history.
 */
export function withHistory(r: ResourceWithOptions, ui: UiSettings): ResourceWithOptions {
  const options = r.options;
  const resourceId = options.id as ResourceId;
  const addHistory: After = async (response, _request, context) => {
    const record = (response as RecordActionResponse).record;
    const actor = actorOf(context);
    if (!record?.id || !actor || !can(actor, resourceId, 'show')) return response;
    try {
      const { items, nextCursor } = await recordHistory(actor, resourceId, String(record.id), { limit: HISTORY_FIRST_PAGE });
      const lines = await describeEvents(items, panelLanguageOf(context), ui.currencySymbol);
      record.params.history = JSON.stringify({ resource: resourceId, recordId: String(record.id), nextCursor, items: lines.map((l) => ({ id: l.id, line: lineOf(l) })) });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
    }
    return response;
  };
  const actions = options.actions as Record<string, { after?: After | After[] }>;
  const after = actions.show?.after;
  actions.show = { ...actions.show, after: [...(after === undefined ? [] : Array.isArray(after) ? after : [after]), addHistory] };
  return {
    ...r,
    options: {
      ...options,
      showProperties: options.showProperties ? [...options.showProperties, 'history'] : undefined,
      properties: { ...options.properties, history: { type: 'string', ...showOnly, position: 10_000, components: { show: Components.RecordHistory } } },
    },
  };
}

export const JOURNAL = 'history';

/** Each listed event's line, in the panel's language (one query for the page's events and their references). */
const withSummaries: After = async (response, _request, context) => {
  const records = (response as ListActionResponse).records ?? [(response as RecordActionResponse).record].filter(Boolean);
  if (!records.length) return response;
  const events = await db().getRepository(RecordEvent).findBy({ id: In(records.map((r) => String(r.id))) });
  const lines = new Map((await describeEvents(events, panelLanguageOf(context))).map((l) => [l.id, l]));
  for (const r of records) {
    const l = lines.get(String(r.id));
    if (l) Object.assign(r.params, { summary: l.summary, who: l.who });
  }
  return response;
};

/**
 * The journal (administrators: users: journal): every event of every record, newest first, filtered by user,
 * resource, action and period with the panel's filters. Read-only; the records' own pages show their part.
 */
export const journalResource = (counting: CountPolicy): ResourceWithOptions => {
  const options = withPermissions('users', {
    navigation: NAV.administration,
    titleProperty: 'recordTitle',
    sort: { sortBy: 'id', direction: 'desc' },
    listProperties: ['at', 'who', 'resource', 'recordTitle', 'action', 'summary', 'via'],
    filterProperties: ['actorId', 'resource', 'action', 'at', 'via', 'recordId'],
    showProperties: ['at', 'who', 'via', 'resource', 'recordId', 'recordTitle', 'action', 'summary', 'id'],
    properties: {
      id: { isSortable: false },
      at: { ...readOnly, isSortable: false },
      actorId: { reference: 'users', isVisible: { list: false, show: false, edit: false, filter: true } },
      who: { type: 'string', isVisible: { list: true, show: true, edit: false, filter: false }, isSortable: false },
      summary: { type: 'textarea', isVisible: { list: true, show: true, edit: false, filter: false }, isSortable: false },
      resource: { isSortable: false },
      action: { isSortable: false },
      via: { isSortable: false },
      recordTitle: { isSortable: false },
      changes: { isVisible: false },
      meta: { isVisible: false },
      actorName: { isVisible: false },
      actorRoles: { isVisible: false },
    },
    actions: {
      list: { after: withSummaries },
      show: { after: withSummaries },
    },
  });
  const actions = options.actions as Record<string, { isAccessible?: unknown }>;
  for (const name of ['new', 'edit', 'delete', 'bulkDelete']) actions[name] = { ...actions[name], isAccessible: false };
  for (const name of ['list', 'show', 'search']) {
    actions[name] = { ...actions[name], isAccessible: ({ currentAdmin }: { currentAdmin?: unknown }) => can(currentAdmin as never, 'users', 'journal') };
  }
  // The record filter names one record: `12` is record 12, not every id with a 12 in it.
  const exactRecord = { recordId: (alias: string, text: string, key: string) => ({ sql: `${alias}.record_id = :${key}`, params: { [key]: recordKey(text.trim()) } }) };
  return { resource: new CrmResource(RecordEvent, JOURNAL as ResourceId, {}, counting, undefined, exactRecord), options: { ...options, id: JOURNAL } };
};
