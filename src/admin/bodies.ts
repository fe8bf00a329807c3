import type AdminJS from 'adminjs';
import type { CurrentAdmin } from 'adminjs';
import express, { type NextFunction, type Request, type RequestHandler, type Response, type Router } from 'express';
import formidableMiddleware from 'express-formidable';
import { incompleteBody } from '../api/endpoint.js';
import { badRequest, forbidden, msg, notFound } from '../shared/errors.js';
import { sessionUserOf } from '../modules/users/sessions.js';
import { errorBody } from '../shared/http.js';
import { panelLanguage } from '../shared/i18n/language.js';
import { refusalSentence, type Translations } from './refusals.js';

/**
 * Refuses a POST to a panel action the session user may not run before a byte of its body is read, so a refused
 * user's upload is never parsed (nor stored in a temp file). The answer comes from the action's own `isAccessible`,
 * which withPermissions builds from the permission table alone (roles, not records); what depends on the record
 * stays AdminJS's to refuse after the body is read.
 */
export function panelActionAccess(admin: AdminJS): Router {
  const router = express.Router();
  const check = (req: Request, res: Response, next: NextFunction) => {
    const resource = admin.resources.find((r) => r.decorate().id() === req.params.resourceId);
    const action = resource?.decorate().actions[req.params.action as string];
    if (!action) return next(notFound());
    if (!action.isAccessible(sessionUserOf(req.session) as unknown as CurrentAdmin)) {
      // the sentence that says who may (src/admin/refusals.ts), as the panel's pages and GET answers say it
      const translations = (admin.options.locale as { translations?: Translations } | undefined)?.translations;
      const sentence = translations && refusalSentence(admin, translations, String(req.params.resourceId), String(req.params.action), panelLanguage(req));
      if (!sentence) return next(forbidden());
      return res.status(403).json(errorBody('forbidden', sentence));
    }
    next();
  };
  router.post('/api/resources/:resourceId/actions/:action', check);
  router.post('/api/resources/:resourceId/records/:recordId/:action', check);
  router.post('/api/resources/:resourceId/bulk/:action', check);
  return router;
}

/**
 * express-formidable as @adminjs/express runs it, but a body that is cut short or broken answers 400 instead of a
 * 500 (formidable's errors are plain Errors), and once (it reports some errors twice). Run before buildRouter: its
 * own copy then sees the body parsed and passes.
 */
export function panelForms(options: Record<string, unknown>): RequestHandler {
  const parse = formidableMiddleware(options);
  return (req, res, next) => {
    let answered = false;
    parse(req, res, (err?: unknown) => {
      if (answered) return;
      answered = true;
      if (!err) return next();
      if (/maxFileSize|maxFieldsSize/.test(String((err as Error)?.message))) return next(err); // 413 in httpError
      next(req.complete ? badRequest(msg('request.unparsable')) : incompleteBody());
    });
  };
}
