import type AdminJS from 'adminjs';
import type { ActionDecorator } from 'adminjs';
import express, { type RequestHandler, type Router } from 'express';
import { notFound } from '../shared/errors.js';

type Kind = 'resource' | 'record' | 'bulk';

const fits: Record<Kind, (a: ActionDecorator) => boolean> = {
  resource: (a) => a.isResourceType(),
  record: (a) => a.isRecordType(),
  bulk: (a) => a.isBulkType(),
};

/**
 * The first check of the panel's routes, mounted after the login check: a resource or action that does not exist,
 * or an action of another kind (a record action on the resource route), is a 404. AdminJS itself fails on those
 * with a TypeError, i.e. a 500.
 */
export function panelRequestGuard(admin: AdminJS): Router {
  const router = express.Router();
  const resourceOf = (id: string) => admin.resources.find((r) => r.decorate().id() === id);

  const check =
    (kind: Kind | null, actionName?: string): RequestHandler =>
    (req, _res, next) => {
      const resource = resourceOf(String(req.params.resourceId));
      if (!resource) return next(notFound('page.notFound'));
      if (!kind) return next();
      const actions = resource.decorate().actions;
      const name = actionName ?? String(req.params.action);
      const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
      if (!action || !fits[kind](action)) return next(notFound('page.notFound'));
      next();
    };

  for (const prefix of ['/api/resources', '/resources']) {
    router.all(`${prefix}/:resourceId`, check(null));
    router.all(`${prefix}/:resourceId/actions/:action{/:query}`, check('resource'));
    router.all(`${prefix}/:resourceId/records/:recordId/:action`, check('record'));
    router.all(`${prefix}/:resourceId/bulk/:action`, check('bulk'));
  }
  router.all('/api/resources/:resourceId/search{/:query}', check('resource', 'search'));
  return router;
}

/**
 * The panel's JSON bodies, parsed here (after the permission check), a malformed one refused with 400:
 * formidable's JSON parser reports it as an error and then carries on into the action all the same.
 */
export function panelJson(maxJsonBytes: number): Router {
  const router = express.Router();
  router.use(express.json({ limit: maxJsonBytes }), (req, _res, next) => {
    // express-formidable skips a request marked as parsed and hands AdminJS `fields` as the payload.
    if (req.is('application/json')) Object.assign(req, { fields: req.body ?? {}, files: {}, express_formidable: { parsed: true } });
    next();
  });
  return router;
}
