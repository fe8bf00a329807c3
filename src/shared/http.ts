import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { isDatabaseUnavailable } from './db-errors.js';
import { DomainError, type ErrorCode } from './errors.js';
import { apiLanguage, panelLanguage } from './i18n/language.js';
import { render, type Language, type MessageCode } from './i18n/render.js';
import { logger } from './logger.js';

/** The one mapping from domain error codes to HTTP statuses. */
export const STATUS_OF: Record<ErrorCode, number> = {
  validation: 422,
  bad_request: 400,
  not_found: 404,
  forbidden: 403,
  unauthenticated: 401,
  conflict: 409,
  referenced: 409,
  invalid_state: 409,
  rate_limited: 429,
  too_large: 413,
  idempotency_in_progress: 409,
  idempotency_key_reused: 422,
};

/** How long a client is asked to wait before retrying while the database is unreachable. */
export const RETRY_AFTER_SECONDS = 5;

export const errorBody = (code: string, message: string, details?: unknown) => ({ error: { code, message, details: details ?? null } });

/** An error body with a catalog message, in a language. */
export const codedErrorBody = (code: string, message: MessageCode, lang: Language, details?: unknown) => errorBody(code, render(message, undefined, lang), details);

/**
 * Refuses state-changing requests sent by a browser from another site (CSRF): the Origin (or Referer) must be
 * this host. Clients that send neither are not browsers acting for a logged-in user.
 */
export const sameOriginOnly: RequestHandler = (req, res, next) => {
  if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return next();
  // An API call with a bearer token is authenticated by that header alone (never by the cookie), which another
  // site cannot make a browser send: no CSRF to fear there.
  if (req.path.startsWith('/api/') && /^Bearer\s/i.test(req.get('authorization') ?? '')) return next();
  const fetchSite = req.get('sec-fetch-site');
  // A page with a no-referrer policy makes the browser send `Origin: null`; only the browser's own word that the
  // request is same-origin lets that through.
  const origin = req.get('origin') === 'null' && fetchSite === 'same-origin' ? undefined : req.get('origin');
  const source = origin ?? req.get('referer');
  if ((fetchSite && fetchSite !== 'same-origin' && fetchSite !== 'none') || (source && safeHost(source) !== req.get('host'))) {
    return res.status(403).json(codedErrorBody('forbidden', 'request.crossSite', req.path.startsWith('/api/') ? apiLanguage(req) : panelLanguage(req)));
  }
  next();
};

function safeHost(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/**
 * An error as HTTP, its messages in `lang`: domain errors keep their status; bad bodies are 400; an unreachable
 * database is 503 with Retry-After (the request may well succeed a moment later); anything else is logged, never shown.
 */
export function httpError(err: any, req: Request, lang: Language): { status: number; body: ReturnType<typeof errorBody>; headers?: Record<string, string> } {
  let status: number;
  let body: ReturnType<typeof errorBody>;
  if (isDatabaseUnavailable(err)) {
    logger.warn({ err, url: req.originalUrl, method: req.method }, 'database unavailable');
    return { status: 503, body: codedErrorBody('unavailable', 'server.unavailable', lang), headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } };
  }
  if (err instanceof DomainError) {
    status = STATUS_OF[err.code];
    const { message, fields } = err.render(lang);
    body = errorBody(err.code, message, Object.keys(fields).length ? { fields } : err.details);
  } else if (err?.type === 'entity.too.large' || err?.status === 413 || /maxFileSize|maxFieldsSize/.test(String(err?.message))) {
    status = 413;
    body = codedErrorBody('too_large', 'request.tooLarge', lang);
  } else if (err?.name === 'NotFoundError' || err?.statusCode === 404) {
    status = 404; // AdminJS's own "record not found" (e.g. a bad id in a bulk action)
    body = codedErrorBody('not_found', 'record.notFound', lang);
  } else if (err?.type === 'entity.parse.failed' || (err?.status >= 400 && err?.status < 500)) {
    status = err.status ?? 400;
    body = codedErrorBody('bad_request', 'request.unparsable', lang);
  } else {
    logger.error({ err, url: req.originalUrl, method: req.method }, 'unhandled error');
    status = 500;
    body = codedErrorBody('internal', 'server.internal', lang);
  }
  return { status, body };
}

/** Last stop for the panel and everything outside the API: JSON, or a short page for a browser, in the panel's language. */
export const errorHandler: ErrorRequestHandler = (err, req, res, _next) => {
  if (res.headersSent) return;
  const wantsHtml = !req.path.startsWith('/api') && (req.get('accept') ?? '').includes('text/html');
  const lang = req.path.startsWith('/api') ? apiLanguage(req) : panelLanguage(req);
  const { status, body, headers } = httpError(err, req, lang);
  if (headers) res.set(headers);
  if (wantsHtml) {
    res.status(status).type('html').send(`<!doctype html><meta charset="utf-8"><title>Campaign CRM</title><p>${body.error.message}</p><p><a href="/admin">На главную</a></p>`);
  } else {
    res.status(status).json(body);
  }
};
