import type { Action as ActionOptions, ActionContext, ActionHandler, ActionRequest, ActionResponse, CurrentAdmin, ResourceOptions } from 'adminjs';
import { ACTIONS, ValidationError } from 'adminjs';
import { DomainError } from '../shared/errors.js';
import { cookieValue, panelLanguage } from '../shared/i18n/language.js';
import type { Language } from '../shared/i18n/render.js';
import { can, type Action, type Actor, type ResourceId } from '../modules/users/permissions.js';
import type { UploadedFile } from '../modules/contracts/documents.service.js';
import type { CrmResource } from './crm-resource.js';
import { PER_PAGE_COOKIE, perPageOf } from './list-settings.js';

/** AdminJS's built-in actions and the permission each one needs. */
const BUILT_IN: Record<string, Action> = {
  list: 'list', search: 'list', show: 'show', new: 'new', edit: 'edit', delete: 'delete', bulkDelete: 'delete',
};

/** The acting user, with the session the request came through (a password change keeps that one alive). */
export const actorOf = (context: ActionContext): Actor | undefined =>
  context.currentAdmin ? { ...(context.currentAdmin as unknown as Actor), sessionId: (context as SessionContext).sessionId, via: 'panel' } : undefined;

type SessionContext = ActionContext & { sessionId?: string; language?: Language };

/** The language the user chose in the panel (Russian until they choose), for the refusals the server renders. */
export const panelLanguageOf = (context: ActionContext | undefined): Language => (context as SessionContext | undefined)?.language ?? 'ru';

/**
 * Keeps the request's session id and the panel's language beside the action's context: AdminJS hands handlers and
 * resources only the latter.
 */
const rememberSession = async (request: ActionRequest, context: ActionContext) => {
  (context as SessionContext).sessionId = (request as ActionRequest & { sessionID?: string }).sessionID;
  (context as SessionContext).language = panelLanguage(request as ActionRequest & { rawHeaders?: string[] });
  return request;
};

/**
 * A list asked without `perPage` (AdminJS's pager and column headers leave it out of the address) shows the page
 * size the user chose under a list (its cookie), else the default (LIST_PER_PAGE).
 */
const chosenPageSize = async (request: ActionRequest) => {
  if (request.query?.perPage) return request;
  const chosen = cookieValue(request as ActionRequest & { rawHeaders?: string[] }, PER_PAGE_COOKIE);
  return chosen !== undefined ? { ...request, query: { ...request.query, perPage: String(perPageOf(chosen)) } } : request;
};

/** Runs a custom action's body, turning a domain refusal into an error notice instead of a 500 page. */
export function guarded(handler: ActionHandler<ActionResponse>): ActionHandler<ActionResponse> {
  return async (request, response, context) => {
    try {
      return await handler(request, response, context);
    } catch (e) {
      let message: string;
      let errors: Record<string, { message: string }> = {};
      if (e instanceof DomainError) {
        const rendered = e.render(panelLanguageOf(context));
        message = rendered.message;
        errors = Object.fromEntries(Object.entries(rendered.fields).map(([k, m]) => [k, { message: m }]));
      } else if (e instanceof ValidationError) {
        message = e.baseError?.message ?? 'thereWereValidationErrors';
        errors = e.propertyErrors as Record<string, { message: string }>;
      } else throw e;
      return {
        record: context.record?.toJSON(context.currentAdmin),
        records: context.records?.map((r) => r.toJSON(context.currentAdmin)) ?? [],
        notice: { message, type: 'error' },
        errors,
      };
    }
  };
}

/**
 * AdminJS "converts" form values before create/update: Boolean('false') is true, '' becomes 0, a date becomes a
 * UTC Date. Our services validate the values as sent, so the resource reads them from here instead.
 */
const keepRawPayload = async (request: ActionRequest, context: ActionContext) => {
  const values: Record<string, unknown> = {};
  const uploads: Record<string, UploadedFile> = {};
  for (const [k, v] of Object.entries(request.payload ?? {})) {
    const file = uploaded(v);
    if (file) uploads[k] = file;
    else values[k] = v;
  }
  Object.assign(context as ActionContext & { rawPayload?: Record<string, unknown>; uploads?: Record<string, UploadedFile> }, { rawPayload: values, uploads });
  // A formidable File is no record value: AdminJS would flatten its write stream into the record.
  return { ...request, payload: (context.resource as unknown as CrmResource).withListsForArrays(values) };
};

/** A file uploaded through a panel form, as express-formidable hands it over (formidable v1 File). */
export function uploaded(value: unknown): UploadedFile | undefined {
  const f = value as { name?: string; size?: number; path?: string } | undefined;
  return f && typeof f === 'object' && typeof f.path === 'string' ? { name: f.name ?? 'document', size: f.size ?? 0, path: f.path } : undefined;
}

/**
 * A success notice with a count: AdminJS's i18next reads plural forms by `_one/_few/…` suffixes and would fall back to
 * the bare key (no count shown); the panel's locales keep the counted text under `<key>_plural` (src/admin/locale/ru.ts).
 */
export const countedNotice = (message: string, count: number) =>
  ({ message: count > 1 ? `${message}_plural` : message, options: { count }, type: 'success' }) as const;

/** bulkDelete through the service in one transaction (AdminJS's own deletes one by one and 500s on a refusal). */
const bulkDeleteHandler: ActionHandler<ActionResponse> = guarded(async (_request: ActionRequest, _res, context) => {
  const { records = [], resource, h, currentAdmin } = context;
  const json = records.map((r) => r.toJSON(currentAdmin));
  if (!records.length) return { records: [], notice: { message: 'noRecordsSelected', type: 'error' } };
  await (resource as unknown as CrmResource).deleteMany(records.map((r) => String(r.id())), context);
  return {
    records: json,
    notice: countedNotice('successfullyBulkDeleted', records.length),
    redirectUrl: h.resourceUrl({ resourceId: resource.id() }),
  };
});

/**
 * What an action's GET answers unless it says otherwise: the record(s) its page shows, nothing more. A GET reaches
 * us from any site (a link, an <img>, a top-level navigation carries the SameSite=Lax cookie, and the Origin check
 * lets GET through), so no action does its work on one.
 */
const readOnlyAnswer: ActionHandler<ActionResponse> = async (_request, _response, context) => ({
  ...(context.record ? { record: context.record.toJSON(context.currentAdmin) } : {}),
  ...(context.records ? { records: context.records.map((r) => r.toJSON(context.currentAdmin)) } : {}),
});

/** An action whose work runs on POST only; any other method gets `form` (what the action's page needs). */
function postOnly(work: ActionHandler<ActionResponse> | undefined, form: ActionHandler<ActionResponse> = readOnlyAnswer): ActionHandler<ActionResponse> {
  return (request, response, context) => (request.method === 'post' && work ? work(request, response, context) : form(request, response, context));
}

/**
 * AdminJS reports "successfullyUpdated"/"successfullyCreated" whenever the record has no field errors, so a refusal
 * without a field (a 409, the last administrator, one's own roles) would read as a success: it becomes an error
 * notice with the service's message, for every action.
 */
const refusalAsError = async (response: ActionResponse): Promise<ActionResponse> => {
  const baseError = (response as { record?: { baseError?: { message?: string } | null } }).record?.baseError;
  if (!baseError?.message || response.notice?.type === 'error') return response;
  const { redirectUrl: _stay, ...rest } = response;
  return { ...rest, notice: { message: baseError.message, type: 'error' } };
};

/**
 * After «Создать» the user lands on the new record's card (AdminJS sends them back to the list), where its next step
 * is at hand (a new campaign's «Запустить»); a user who may not open cards of the section still goes to the list.
 */
const landOnCard = async (response: ActionResponse, _request: ActionRequest, context: ActionContext): Promise<ActionResponse> => {
  const id = (response as { record?: { id?: string | number } }).record?.id;
  const show = context.resource.decorate().actions.show;
  if (!response.redirectUrl || response.notice?.type !== 'success' || id === undefined || !show?.isAccessible(context.currentAdmin)) return response;
  return { ...response, redirectUrl: context.h.recordActionUrl({ resourceId: context.resource.id(), recordId: String(id), actionName: 'show' }) };
};

type Before = (request: ActionRequest, context: ActionContext) => Promise<ActionRequest>;
type After = (response: ActionResponse, request: ActionRequest, context: ActionContext) => Promise<ActionResponse>;
const asList = <T>(hooks: T | T[] | undefined): T[] => (hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]);

/** Our hooks around an action's own: the session id first, the refusal check last. */
function hooked(action: Partial<ActionOptions<ActionResponse>>, ...before: Before[]): Partial<ActionOptions<ActionResponse>> {
  return {
    ...action,
    before: [rememberSession, ...before, ...asList(action.before as Before | Before[] | undefined)],
    after: [...asList(action.after as After | After[] | undefined), refusalAsError],
  } as Partial<ActionOptions<ActionResponse>>;
}

/**
 * A custom action: `handler` does its work, on POST only (a domain refusal becomes an error notice); `form` answers
 * GET with what the action's page needs and must not change anything (by default: the record or records).
 */
type CustomAction = Partial<ActionOptions<ActionResponse>> & { permission: Action; form?: ActionHandler<ActionResponse> };
const allowed = (resourceId: ResourceId, permission: Action) => ({ currentAdmin }: { currentAdmin?: CurrentAdmin }) =>
  can(currentAdmin as unknown as Actor, resourceId, permission);

/**
 * The built-in actions that write and their handlers (AdminJS's, but our bulkDelete), each made POST-only: AdminJS
 * checks the method itself today; we do not rely on it. `new` has no record to show, so its GET answers nothing.
 */
const WRITING_BUILT_INS: Record<string, ActionHandler<ActionResponse>> = {
  new: ACTIONS.new.handler as ActionHandler<ActionResponse>,
  edit: ACTIONS.edit.handler as ActionHandler<ActionResponse>,
  delete: ACTIONS.delete.handler as ActionHandler<ActionResponse>,
  bulkDelete: bulkDeleteHandler,
};

/**
 * Resource options with every action's access taken from the permission table, built-in ones included
 * (AdminJS does not enforce isVisible, so hidden is not enough); every action that writes does so on POST only,
 * and a refusal is never reported as a success.
 */
export function withPermissions(resourceId: ResourceId, options: ResourceOptions, custom: Record<string, CustomAction> = {}): ResourceOptions {
  const actions: Record<string, Partial<ActionOptions<ActionResponse>>> = {};
  const given = (options.actions ?? {}) as Record<string, Partial<ActionOptions<ActionResponse>>>;
  for (const [name, permission] of Object.entries(BUILT_IN)) {
    const action = { ...(given[name] ?? {}), isAccessible: allowed(resourceId, permission) };
    if (WRITING_BUILT_INS[name]) {
      const work = (given[name]?.handler as ActionHandler<ActionResponse> | undefined) ?? WRITING_BUILT_INS[name];
      action.handler = postOnly(work, name === 'new' ? async () => ({}) : undefined);
    }
    if (name === 'new') action.after = [...asList(action.after as After | After[] | undefined), landOnCard];
    actions[name] = hooked(action, ...(name === 'new' || name === 'edit' ? [keepRawPayload] : name === 'list' ? [chosenPageSize] : []));
  }
  for (const [name, { permission, handler, form, ...rest }] of Object.entries(custom)) {
    actions[name] = hooked({
      ...rest,
      handler: postOnly(handler ? guarded(handler as ActionHandler<ActionResponse>) : undefined, form && guarded(form)),
      isAccessible: allowed(resourceId, permission),
    });
  }
  return { ...options, id: resourceId, actions };
}

/** A minimal populated record, so a reference filled in by an `after` hook renders as a link with a title. */
export const referenceTo = (id: number | string, title: string) =>
  ({ id: String(id), title, params: { id }, populated: {}, errors: {}, baseError: null, recordActions: [], bulkActions: [] }) as never;
