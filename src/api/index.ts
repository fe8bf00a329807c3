import express, { type ErrorRequestHandler, type NextFunction, type Request, type Response, type Router } from 'express';
import { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { currentUser } from '../admin/auth.js';
import type { Config } from '../config.js';
import { campaignsApi } from '../modules/campaigns/campaigns.api.js';
import { contractsApi } from '../modules/contracts/contracts.api.js';
import { customersApi } from '../modules/customers/customers.api.js';
import { importApi } from '../modules/import/import.api.js';
import { leadDuplicatesApi } from '../modules/leads/duplicates.api.js';
import { leadsApi } from '../modules/leads/leads.api.js';
import { exportApi } from '../modules/export/export.api.js';
import { historyApi } from '../modules/history/history.api.js';
import { statisticsApi } from '../modules/statistics/statistics.api.js';
import { servicesApi } from '../modules/services/services.api.js';
import { actorForToken } from '../modules/users/tokens.service.js';
import { tokensApi } from '../modules/users/tokens.api.js';
import { usersApi } from '../modules/users/users.api.js';
import { codedErrorBody, httpError } from '../shared/http.js';
import { apiLanguage } from '../shared/i18n/language.js';
import type { MessageCode } from '../shared/i18n/render.js';
import { authApi } from './auth.api.js';
import { Api } from './endpoint.js';
import { openApiDocument } from './openapi.js';

const unauthenticated = (req: Request, res: Response, message: MessageCode) =>
  res.status(401).set('WWW-Authenticate', 'Bearer').json(codedErrorBody('unauthenticated', message, apiLanguage(req)));

/**
 * Who is calling: `Authorization: Bearer <token>` (an API token; the cookie is then ignored, so no CSRF applies),
 * else the panel's session cookie. Sets req.actor; anonymous requests pass on and the endpoints refuse them.
 */
export async function resolveActor(req: Request, res: Response, next: NextFunction): Promise<void> {
  try {
    const header = req.get('authorization');
    if (header !== undefined) {
      const m = /^Bearer\s+(\S{1,200})\s*$/i.exec(header);
      const user = m ? await actorForToken(m[1]) : null;
      if (!user) return void unauthenticated(req, res, 'auth.invalidToken');
      req.actor = { ...user, via: 'api' };
      req.authVia = 'token';
      return next();
    }
    const user = await currentUser(req);
    if (user) {
      // The panel's own pages call the API with their cookie (the import, the duplicate warning): their changes
      // are the panel's in the history; a token is an integration's.
      req.actor = { ...user, sessionId: req.sessionID, via: 'panel' };
      req.authVia = 'session';
    }
    next();
  } catch (e) {
    next(e);
  }
}

/** Refuses anonymous requests to everything mounted after it (routers other modules add). */
export function requireActor(req: Request, res: Response, next: NextFunction): void {
  if (!req.actor) return void unauthenticated(req, res, 'auth.required');
  next();
}

/**
 * Errors as `{ error: { code, message, details } }`, in the request's language; statuses (and Retry-After) from the
 * one mapping.
 */
export const apiErrorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return;
  const { status, body, headers } = httpError(err, req, apiLanguage(req));
  if (headers) res.set(headers);
  res.status(status).json(body);
};

/**
 * /api/v1: JSON in and out, the same services and permission table as the panel. Each module's endpoints are
 * described once (zod schemas) and serve both as the route and as its part of /api/v1/openapi.json, which is
 * public: it describes the API, not its data.
 */
export function apiRouter(config: Config): Router {
  const router = express.Router();
  const registry = new OpenAPIRegistry();
  const api = new Api(registry);

  authApi(api, config);
  exportApi(api); // before the resources: GET /leads/{id} would take /leads/export
  servicesApi(api);
  campaignsApi(api);
  leadDuplicatesApi(api); // before the leads: GET /leads/{id} would take /leads/duplicates
  importApi(api, config.limits);
  leadsApi(api, config);
  contractsApi(api, config);
  customersApi(api);
  usersApi(api, config.limits);
  tokensApi(api);
  historyApi(api, config);
  statisticsApi(api);
  const document = openApiDocument(registry);

  router.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  router.use(resolveActor);
  // Anonymous requests end here, except the login itself. No body is parsed router-wide: each route reads its own
  // body after its permission check (Api.add's gate), a streamed upload included.
  router.use((req, res, next) => (req.path === '/auth/login' ? next() : requireActor(req, res, next)));
  router.use(api.router);

  router.use((req, res) => {
    res.status(404).json(codedErrorBody('not_found', 'api.noSuchEndpoint', apiLanguage(req)));
  });
  router.use(apiErrorHandler);
  return router;
}

