import type { IncomingHttpHeaders } from 'node:http';
import type { Request } from 'express';
import type { Language } from './render.js';

/** The API's language: English when the request's Accept-Language prefers it over Russian, Russian otherwise. */
export const apiLanguage = (req: Request): Language => (req.acceptsLanguages('ru', 'en') === 'en' ? 'en' : 'ru');

/**
 * The language of a downloaded file (a list's export, an import's error report): `asked` (the `?lang=` of its link)
 * when given; else, for the panel's own session with a language chosen, that choice (a download link cannot send
 * Accept-Language, and the browser's may differ from the panel's); else the API's.
 */
export function fileLanguage(req: Request, asked?: Language): Language {
  if (asked) return asked;
  if (req.authVia === 'session' && cookieValue(req, PANEL_LANGUAGE_COOKIE) !== undefined) return panelLanguage(req);
  return apiLanguage(req);
}

/**
 * The cookie the panel's language selector keeps its choice in (i18next's language detector caches it there as
 * well as in localStorage; see src/admin/locale/index.ts), so the server renders refusals in the chosen language.
 */
export const PANEL_LANGUAGE_COOKIE = 'i18next';

/** The request as far as the panel's language goes (AdminJS hands actions a copy of the request without `headers`). */
interface RequestLike {
  headers?: IncomingHttpHeaders;
  rawHeaders?: string[];
}

const cookieHeader = (req: RequestLike): string => {
  if (req.headers) return req.headers.cookie ?? '';
  const raw = req.rawHeaders ?? [];
  return raw.filter((_, i) => i % 2 === 1 && raw[i - 1].toLowerCase() === 'cookie').join('; ');
};

/** The value of one cookie of the request, undefined when it has none of that name. */
export function cookieValue(req: RequestLike | undefined, cookie: string): string | undefined {
  for (const part of cookieHeader(req ?? {}).split(';')) {
    const [name, value = ''] = part.split('=');
    if (name?.trim() === cookie) return value.trim();
  }
  return undefined;
}

/** The panel's language: the user's choice from the cookie; Russian when none was made. */
export function panelLanguage(req: RequestLike | undefined): Language {
  const value = cookieValue(req, PANEL_LANGUAGE_COOKIE);
  if (value === undefined) return 'ru';
  return value.toLowerCase().startsWith('en') ? 'en' : 'ru';
}
