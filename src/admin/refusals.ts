import type AdminJS from 'adminjs';
import { type CurrentAdmin, locales } from 'adminjs';
import express, { type Request, type Response, type Router } from 'express';
import { panelLanguage } from '../shared/i18n/language.js';
import type { Language } from '../shared/i18n/render.js';
import { sessionUserOf } from '../modules/users/sessions.js';
import { ROLES, type Role } from '../modules/users/roles.js';

type Tree = { [key: string]: string | Tree };
/** The panel locale's texts by language. */
export type Translations = Record<Language, Tree>;

/** The order roles are named in a refusal: the specialists first, the administrators last. */
const NAMING_ORDER: Role[] = ['operator', 'marketer', 'manager', 'admin'];

/** Actions whose refusal names the section (reading it), not the action. */
const READING = new Set(['list', 'show', 'search']);

const lookup = (tree: Tree, path: string): string | undefined => {
  let node: string | Tree | undefined = tree;
  for (const key of path.split('.')) {
    if (!node || typeof node === 'string' || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return typeof node === 'string' ? node : undefined;
};

const fill = (template: string, values: Record<string, string>) => template.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => values[k] ?? '');

/** Who may run an action, asked of the action itself (its isAccessible comes from the permission table), one role at a time. */
function rolesAllowed(admin: AdminJS, resourceId: string, actionName: string): Role[] | null {
  const resource = admin.resources.find((r) => r.decorate().id() === resourceId);
  const actions = resource?.decorate().actions;
  const action = actions && Object.hasOwn(actions, actionName) ? actions[actionName] : undefined;
  if (!action) return null;
  return ROLES.filter((role) => action.isAccessible({ id: 0, email: '', roles: [role] } as unknown as CurrentAdmin));
}

/**
 * A refusal in one sentence that says who may go there, e.g. «Раздел «Клиенты» доступен менеджерам и
 * администраторам»: the roles from the permission table (through the actions' isAccessible), their names and the
 * section's and action's labels from the panel's locale (`messages.refusal`).
 */
export function refusalSentence(admin: AdminJS, translations: Record<Language, Tree>, resourceId: string, actionName: string, lang: Language): string | null {
  const roles = rolesAllowed(admin, resourceId, actionName);
  if (!roles) return null;
  const t = translations[lang];
  // our texts, then AdminJS's own English ones (merged under ours only when the page is built), then Russian
  const text = (path: string) => lookup(t, path) ?? (lang === 'en' ? lookup(locales.en as unknown as Tree, path) : undefined) ?? lookup(translations.ru, path);
  const section = text(`resources.${resourceId}.labels.${resourceId}`) ?? text(`labels.${resourceId}`) ?? resourceId;
  const action = text(`resources.${resourceId}.actions.${actionName}`) ?? text(`actions.${actionName}`) ?? actionName;
  if (!roles.length) return fill(text('messages.refusal.nobody')!, { section, action });
  const names = NAMING_ORDER.filter((r) => roles.includes(r)).map((r) => text(`messages.refusal.roles.${r}`) ?? r);
  const list = new Intl.ListFormat(lang, { type: 'conjunction' }).format(names);
  return fill(text(READING.has(actionName) ? 'messages.refusal.section' : 'messages.refusal.action')!, { section, action, roles: list });
}

/**
 * Every refusal sentence of the panel, put into its locale as `resources.<id>.messages.refused.<action>` in each
 * language, so the pages that refuse (components/route-messages.tsx) show the same sentence the server sends.
 */
export function addRefusalTexts(admin: AdminJS): void {
  const translations = (admin.options.locale as { translations: Record<Language, Tree> }).translations;
  for (const lang of Object.keys(translations) as Language[]) {
    const resources = ((translations[lang].resources ??= {}) as Tree);
    for (const resource of admin.resources) {
      const id = resource.decorate().id();
      const refused: Tree = {};
      for (const name of Object.keys(resource.decorate().actions)) {
        const sentence = refusalSentence(admin, translations, id, name, lang);
        if (sentence) refused[name] = sentence;
      }
      const own = ((resources[id] ??= {}) as Tree);
      own.messages = { ...((own.messages as Tree) ?? {}), refused };
    }
  }
}

interface AdminJsAnswer {
  notice?: { message?: string; type?: string };
  record?: { baseError?: { message?: string; type?: string } | null };
}

/**
 * The panel API's refusals in the user's language. AdminJS answers a refused action (200 with a ForbiddenError) with
 * the bare key `forbiddenError`, which its pages render with raw `{{actionName}}`, and a missing record (or an id
 * that cannot be one) with an English sentence: both become our sentences, the record's «Запись не найдена». The
 * answer stays a refusal; only its words change.
 */
export function panelRefusalTexts(admin: AdminJS): Router {
  const router = express.Router();
  const translations = () => (admin.options.locale as { translations: Record<Language, Tree> }).translations;
  const rewrite = (req: Request, res: Response, next: () => void) => {
    const json = res.json.bind(res);
    res.json = (body?: unknown) => {
      const answer = body as AdminJsAnswer | undefined;
      const error = answer?.record?.baseError;
      if (error && answer?.notice?.type === 'error') {
        const lang = panelLanguage(req);
        const { resourceId, action } = req.params as { resourceId: string; action: string };
        let message: string | undefined;
        if (error.type === 'NotFoundError' || /valid recordId/.test(String(error.message))) {
          message = lookup(translations()[lang], 'messages.notFound');
          error.type = 'NotFoundError';
        } else if (error.type === 'ForbiddenError' && error.message === 'forbiddenError') {
          message = refusalSentence(admin, translations(), resourceId, action, lang) ?? undefined;
        }
        if (message) {
          error.message = message;
          answer.notice!.message = message;
        }
      }
      return json(body);
    };
    next();
  };
  router.get('/api/resources/:resourceId/actions/:action{/:query}', rewrite);
  router.get('/api/resources/:resourceId/records/:recordId/:action', rewrite);
  router.get('/api/resources/:resourceId/bulk/:action', rewrite);
  router.post('/api/resources/:resourceId/records/:recordId/:action', rewrite);
  router.post('/api/resources/:resourceId/bulk/:action', rewrite);
  return router;
}

/**
 * The panel's pages answer a refusal with its status: a page of an action the user may not run is 403, a record
 * page of a record that does not exist is 404. The page itself (the panel) still opens and says why.
 */
export function panelPageStatus(admin: AdminJS): Router {
  const router = express.Router();
  const actionOf = (resourceId: string, name: string) => {
    const resource = admin.resources.find((r) => r.decorate().id() === resourceId);
    const actions = resource?.decorate().actions;
    return { resource, action: actions && Object.hasOwn(actions, name) ? actions[name] : undefined };
  };
  const refused = (req: Request, name: string) => {
    const { action } = actionOf(String(req.params.resourceId), name);
    return !!action && !action.isAccessible(sessionUserOf(req.session) as unknown as CurrentAdmin);
  };
  router.get('/resources/:resourceId', (req, res, next) => {
    if (refused(req, 'list')) res.status(403);
    next();
  });
  router.get('/resources/:resourceId/actions/:action', (req, res, next) => {
    if (refused(req, String(req.params.action))) res.status(403);
    next();
  });
  router.get('/resources/:resourceId/records/:recordId/:action', async (req, res, next) => {
    try {
      if (refused(req, String(req.params.action))) res.status(403);
      else if (!(await actionOf(String(req.params.resourceId), 'show').resource?.findOne(String(req.params.recordId)))) res.status(404);
      next();
    } catch (e) {
      next(e);
    }
  });
  return router;
}
