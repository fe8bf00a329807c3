import type { Action as ActionOptions, ActionContext, ActionHandler, ActionRequest, ActionResponse, CurrentAdmin, ResourceOptions } from 'adminjs';
import { ValidationError } from 'adminjs';
import { DomainError } from '../shared/errors.js';
import { can, type Action, type Actor, type ResourceId } from '../modules/users/permissions.js';
import type { UploadedFile } from '../modules/contracts/documents.service.js';
import type { CrmResource } from './crm-resource.js';

/** AdminJS's built-in actions and the permission each one needs. */
const BUILT_IN: Record<string, Action> = {
  list: 'list', search: 'list', show: 'show', new: 'new', edit: 'edit', delete: 'delete', bulkDelete: 'delete',
};

export const actorOf = (context: ActionContext) => context.currentAdmin as unknown as Actor | undefined;

/** Runs a custom action's body, turning a domain refusal into an error notice instead of a 500 page. */
export function guarded(handler: ActionHandler<ActionResponse>): ActionHandler<ActionResponse> {
  return async (request, response, context) => {
    try {
      return await handler(request, response, context);
    } catch (e) {
      let message: string;
      let errors: Record<string, { message: string }> = {};
      if (e instanceof DomainError) {
        message = e.message;
        errors = Object.fromEntries(Object.entries(e.fields).map(([k, m]) => [k, { message: m }]));
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
  return Object.keys(uploads).length ? { ...request, payload: { ...values } } : request;
};

/** A file uploaded through a panel form, as express-formidable hands it over (formidable v1 File). */
export function uploaded(value: unknown): UploadedFile | undefined {
  const f = value as { name?: string; size?: number; path?: string } | undefined;
  return f && typeof f === 'object' && typeof f.path === 'string' ? { name: f.name ?? 'document', size: f.size ?? 0, path: f.path } : undefined;
}

/** bulkDelete through the service in one transaction (AdminJS's own deletes one by one and 500s on a refusal). */
const bulkDeleteHandler: ActionHandler<ActionResponse> = guarded(async (request: ActionRequest, _res, context) => {
  const { records = [], resource, h, currentAdmin } = context;
  const json = records.map((r) => r.toJSON(currentAdmin));
  if (!records.length) return { records: [], notice: { message: 'noRecordsSelected', type: 'error' } };
  if (request.method === 'get') return { records: json };
  await (resource as unknown as CrmResource).deleteMany(records.map((r) => String(r.id())), context);
  return {
    records: json,
    notice: { message: records.length > 1 ? 'successfullyBulkDeleted_plural' : 'successfullyBulkDeleted', options: { count: records.length }, type: 'success' },
    redirectUrl: h.resourceUrl({ resourceId: resource.id() }),
  };
});

/**
 * Resource options with every action's access taken from the permission table, built-in ones included
 * (AdminJS does not enforce isVisible, so hidden is not enough).
 */
type CustomAction = Partial<ActionOptions<ActionResponse>> & { permission: Action };
const allowed = (resourceId: ResourceId, permission: Action) => ({ currentAdmin }: { currentAdmin?: CurrentAdmin }) =>
  can(currentAdmin as unknown as Actor, resourceId, permission);

export function withPermissions(resourceId: ResourceId, options: ResourceOptions, custom: Record<string, CustomAction> = {}): ResourceOptions {
  const actions: Record<string, Partial<ActionOptions<ActionResponse>>> = {};
  const given = (options.actions ?? {}) as Record<string, Partial<ActionOptions<ActionResponse>>>;
  for (const [name, permission] of Object.entries(BUILT_IN)) {
    actions[name] = { ...(given[name] ?? {}), isAccessible: allowed(resourceId, permission) };
  }
  actions.new.before = keepRawPayload;
  actions.edit.before = keepRawPayload;
  actions.bulkDelete.handler = bulkDeleteHandler;
  for (const [name, { permission, handler, ...rest }] of Object.entries(custom)) {
    actions[name] = {
      ...rest,
      handler: handler ? guarded(handler as ActionHandler<ActionResponse>) : undefined,
      isAccessible: allowed(resourceId, permission),
    };
  }
  return { ...options, id: resourceId, actions };
}

/** A minimal populated record, so a reference filled in by an `after` hook renders as a link with a title. */
export const referenceTo = (id: number | string, title: string) =>
  ({ id: String(id), title, params: { id }, populated: {}, errors: {}, baseError: null, recordActions: [], bulkActions: [] }) as never;
