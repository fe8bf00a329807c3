import type { RequestHandler } from 'express';
import { escapeJsonForHtml } from '../shared/html.js';

/**
 * AdminJS's page and login templates embed their state raw (`window.REDUX_STATE = ${JSON.stringify(state)};`), and
 * that state holds user data (the signed-in user's name, records). Each such assignment is one line (JSON.stringify
 * writes no raw newline), so its value is re-escaped here, before the page leaves.
 */
const EMBEDDED_JSON = /(\bwindow\.[A-Za-z_$][\w$]* = )([^\n]*);(?=\n)/g;

export const escapeEmbeddedJson = (html: string): string => html.replace(EMBEDDED_JSON, (_m, head: string, value: string) => `${head}${escapeJsonForHtml(value)};`);

/** Applies escapeEmbeddedJson to every HTML page the panel sends. */
export const scriptSafeState: RequestHandler = (_req, res, next) => {
  const send = res.send.bind(res);
  res.send = (body?: unknown) =>
    send(typeof body === 'string' && !/json/.test(String(res.get('Content-Type') ?? '')) && body.includes('window.') ? escapeEmbeddedJson(body) : body);
  next();
};
