import fs from 'node:fs';
import path from 'node:path';
import AdminJS from 'adminjs';
import { buildRouter } from '@adminjs/express';
import compression from 'compression';
import connectPgSimple from 'connect-pg-simple';
import express, { type Express } from 'express';
import helmet from 'helmet';
import session from 'express-session';
import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { adminAuthRouter } from './admin/auth.js';
import { panelActionAccess, panelForms } from './admin/bodies.js';
import { apiErrorHandler, apiRouter } from './api/index.js';
import { docsRouter } from './api/openapi.js';
import { fontFiles, FONTS_PATH, selfHostedFonts } from './admin/fonts.js';
import { panelJson, panelRequestGuard } from './admin/request-guard.js';
import { ASSETS_PATH, STYLES_DIR, STYLES_PATH, createAdmin } from './admin/index.js';
import { scriptSafeState } from './admin/pages.js';
import { panelPageStatus, panelRefusalTexts } from './admin/refusals.js';
import type { Config } from './config.js';
import { setDataSource } from './db/current.js';
import { documentsRouter } from './modules/contracts/documents.http.js';
import { requestScope } from './shared/keep-serving.js';
import { logger } from './shared/logger.js';
import { errorHandler, sameOriginOnly } from './shared/http.js';
import { projectRoot } from './shared/paths.js';


export interface App {
  app: Express;
  admin: AdminJS;
  /** Stops what the app runs on its own (the session store's pruning); call before closing the data source. */
  close(): Promise<void>;
}

export const SESSION_COOKIE = 'crm.sid';

/** Builds the HTTP application (panel, health checks) over an initialised data source; does not listen. */
export async function createApp(config: Config, dataSource: DataSource): Promise<App> {
  logger.level = config.LOG_LEVEL;
  setDataSource(dataSource);

  const app = express();
  app.use(requestScope);
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY ? 1 : false);
  app.use(compression());
  // Clickjacking, MIME sniffing and referrer leaks; no CSP, as AdminJS's pages rely on inline scripts.
  app.use(
    helmet({
      contentSecurityPolicy: false,
      crossOriginEmbedderPolicy: false,
      hsts: config.cookieSecure,
      // no-referrer (helmet's default) makes browsers send `Origin: null` on our own form posts.
      referrerPolicy: { policy: 'same-origin' },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await dataSource.query('SELECT 1');
      res.json({ status: 'ok' });
    } catch (e) {
      logger.warn({ err: e }, 'readiness check failed');
      res.status(503).json({ status: 'unavailable' });
    }
  });

  const assetsDir = path.join(projectRoot, 'public', 'admin-assets');
  if (fs.existsSync(assetsDir)) {
    app.use(ASSETS_PATH, express.static(assetsDir, { immutable: true, maxAge: '365d', index: false }));
  }
  app.use(STYLES_PATH, express.static(STYLES_DIR, { immutable: true, maxAge: '365d', index: false })); // the page links it with ?v=<content hash>
  app.use(FONTS_PATH, fontFiles());

  const PgStore = connectPgSimple(session);
  const pool = (dataSource.driver as unknown as { master: pg.Pool }).master;
  const store = new PgStore({
    pool,
    tableName: 'session',
    createTableIfMissing: false,
    disableTouch: true,
    pruneSessionInterval: 15 * 60,
    // Its own messages (a failed prune) go to our log, not to the console.
    errorLog: (message: string, err?: unknown) => logger.warn({ err }, message),
  });
  const sessions = session({
    name: SESSION_COOKIE,
    store,
    secret: config.SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.cookieSecure, maxAge: config.SESSION_MAX_AGE_HOURS * 3600_000 },
  });
  // An API request with an Authorization header is authenticated by its token alone (the cookie is ignored), so no
  // session is looked up or started for it; /auth/* keeps sessions, as login and logout work on them.
  app.use((req, res, next) => {
    const p = req.path.toLowerCase(); // routing ignores case: /API/V1/AUTH/login is still the login
    return req.headers.authorization !== undefined && p.startsWith('/api/v1/') && !p.startsWith('/api/v1/auth/') ? next() : sessions(req, res, next);
  });
  app.use(sameOriginOnly);

  const admin = createAdmin(config);
  const adminRouter = adminAuthRouter(admin, config);
  adminRouter.use(documentsRouter());
  // formidable's own ceiling sits above ours, so an oversized document reaches the service and gets its message.
  const forms = { maxFileSize: config.limits.documentBytes + 1024 * 1024, maxFieldsSize: 2 * 1024 * 1024 };
  // 404 for what does not exist, 403 before a byte of the body is read, then the body: JSON or a form, 400 if broken.
  adminRouter.use(panelRequestGuard(admin), panelActionAccess(admin), panelJson(forms.maxFieldsSize), panelForms(forms));
  // Refusals in the user's words (who may go there, «Запись не найдена»), with their status on the pages.
  adminRouter.use(panelRefusalTexts(admin), panelPageStatus(admin));
  buildRouter(admin, adminRouter, forms);
  app.use(admin.options.rootPath, selfHostedFonts, scriptSafeState, adminRouter);
  app.use('/api/v1', apiRouter(config));
  // Errors raised before the API's router (the session store) still answer in the API's shape and language.
  app.use('/api/v1', apiErrorHandler);
  app.use('/api/docs', docsRouter());
  app.get('/', (_req, res) => res.redirect(admin.options.rootPath));

  app.use(errorHandler);
  return { app, admin, close: async () => { await store.close(); } };
}
