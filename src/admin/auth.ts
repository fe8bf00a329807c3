import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type AdminJS from 'adminjs';
import type { Config } from '../config.js';
import { DomainError } from '../shared/errors.js';
import { panelLanguage } from '../shared/i18n/language.js';
import { render } from '../shared/i18n/render.js';
import { authenticate, refreshSessionUser } from '../modules/users/auth.service.js';
import { keepSessionUser, sessionUserOf, type SessionUser } from '../modules/users/sessions.js';

const TOUCH_EVERY_MS = 10 * 60 * 1000;

const wantsJson = (req: Request) => req.path.startsWith('/api/') || req.xhr || (req.get('accept') ?? '').includes('application/json');

/** Starts a fresh session (new id: no session fixation) holding the user. */
export function logIn(req: Request, user: SessionUser): Promise<void> {
  const redirectTo = req.session.redirectTo;
  return new Promise((resolve, reject) =>
    req.session.regenerate((err) => {
      if (err) return reject(err);
      keepSessionUser(req.session, user);
      req.session.touchedAt = Date.now();
      if (redirectTo) req.session.redirectTo = redirectTo;
      req.session.save((e) => (e ? reject(e) : resolve()));
    }),
  );
}

export function logOut(req: Request): Promise<void> {
  return new Promise((resolve) => req.session.destroy(() => resolve()));
}

/**
 * Loads the session's user afresh on every request: roles changed by an administrator apply at once, and a
 * deactivated or deleted user is logged out. Expiry slides with a coarse write instead of one per request.
 */
export async function currentUser(req: Request): Promise<SessionUser | null> {
  const stored = sessionUserOf(req.session);
  if (!stored) return null;
  const fresh = await refreshSessionUser(stored.id);
  if (!fresh) {
    await logOut(req);
    return null;
  }
  keepSessionUser(req.session, fresh);
  if (!req.session.touchedAt || Date.now() - req.session.touchedAt > TOUCH_EVERY_MS) req.session.touchedAt = Date.now();
  return fresh;
}

/** Login, logout and the guard in front of every other panel route. */
export function adminAuthRouter(admin: AdminJS, config: Config): Router {
  const router = express.Router();
  const { rootPath, loginPath, logoutPath } = admin.options;
  const limits = { maxAttempts: config.LOGIN_MAX_ATTEMPTS, maxAttemptsPerIp: config.LOGIN_MAX_ATTEMPTS_PER_IP, windowMinutes: config.LOGIN_WINDOW_MINUTES, hashRounds: config.limits.hashRounds };
  const local = (p: string) => p.slice(rootPath.length) || '/';

  // The login page takes GET and POST; any other method would reach the guard below and be sent to the page itself.
  router.all(local(loginPath), (req, res, next) => {
    if (['GET', 'HEAD', 'POST'].includes(req.method)) return next();
    res.set('Allow', 'GET, HEAD, POST').sendStatus(req.method === 'OPTIONS' ? 204 : 405);
  });

  router.get(local(loginPath), async (_req, res) => {
    res.send(await admin.renderLogin({ action: loginPath, errorMessage: null }));
  });

  router.post(local(loginPath), express.urlencoded({ extended: false, limit: '10kb' }), async (req, res, next) => {
    try {
      const user = await authenticate(req.body?.email, req.body?.password, req.ip ?? 'unknown', limits);
      await logIn(req, user);
      const target = req.session.redirectTo ?? rootPath;
      delete req.session.redirectTo;
      res.redirect(302, target.startsWith(rootPath) ? target : rootPath);
    } catch (e) {
      if (!(e instanceof DomainError)) return next(e);
      const limited = e.code === 'rate_limited';
      res.status(limited ? 429 : 401).send(await admin.renderLogin({ action: loginPath, errorMessage: limited ? 'tooManyRequests' : 'invalidCredentials' }));
    }
  });

  // Logging out changes state, so it is a POST (checked for its origin like every other one): with a GET, any
  // site could log our users out by a link or an image. A GET of the old address only leads back to the panel.
  router.post(local(logoutPath), async (req, res) => {
    await logOut(req);
    res.redirect(303, loginPath);
  });
  router.get(local(logoutPath), (_req, res) => res.redirect(rootPath));

  router.use(async (req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/frontend/assets/')) return next();
    try {
      if (await currentUser(req)) return next();
    } catch (e) {
      return next(e);
    }
    if (wantsJson(req)) return res.status(401).json({ error: { code: 'unauthenticated', message: render('auth.signIn', undefined, panelLanguage(req)) } });
    if (req.method === 'GET') req.session.redirectTo = req.originalUrl;
    res.redirect(loginPath);
  });
  return router;
}
