import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import type { RequestHandler, Response } from 'express';
import { codedErrorBody } from './http.js';
import { apiLanguage, panelLanguage } from './i18n/language.js';
import { logger } from './logger.js';

const currentResponse = new AsyncLocalStorage<Response>();

/**
 * Runs each request in its own async context, so an error that escapes it (a stream's `error` with no listener, a
 * throw in a timer) can still be answered. The request's events are bound to that context too: they are emitted
 * from the socket's context, and a body stream failing on `end` would otherwise belong to no request.
 */
export const requestScope: RequestHandler = (req, res, next) => {
  currentResponse.run(res, () => {
    req.emit = AsyncResource.bind(req.emit, 'crm.request', req);
    next();
  });
};

let installed = false;

/**
 * The process policy: an unexpected error in one request never ends the process. It is logged, the request it
 * came from (when known) gets a 500 if its response is still open, and the server keeps serving everyone else.
 * Installed by main once the server listens; errors during start-up still end the process.
 */
export function keepServing(): void {
  if (installed) return;
  installed = true;
  process.on('uncaughtException', (err) => escaped(err, 'uncaughtException'));
  process.on('unhandledRejection', (reason) => escaped(reason, 'unhandledRejection'));
}

function escaped(err: unknown, kind: string): void {
  const res = currentResponse.getStore();
  logger.error({ err, kind, method: res?.req.method, url: res?.req.originalUrl }, 'unexpected error outside a handler; the process keeps serving');
  if (!res || res.writableEnded) return;
  try {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // The rest of the body may never be read now: the connection is not reused.
    const lang = res.req.path.startsWith('/api') ? apiLanguage(res.req) : panelLanguage(res.req);
    res.status(500).set('connection', 'close').json(codedErrorBody('internal', 'server.internal', lang));
  } catch (e) {
    logger.error({ err: e }, 'could not answer the request after an unexpected error');
    res.destroy();
  }
}
