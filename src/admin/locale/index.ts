import type { Locale } from 'adminjs';

import { en } from './en.js';
import { ru } from './ru.js';

/**
 * AdminJS locale: Russian by default, English available in the language selector.
 * `localeDetection` enables i18next-browser-languagedetector in the browser
 * (query string ?lng=, cookie, localStorage, navigator); unsupported languages fall back to ru.
 * AdminJS sets `supportedLngs` from availableLanguages and `fallbackLng` from language.
 */
export const locale: Locale = {
  language: 'ru',
  availableLanguages: ['ru', 'en'],
  localeDetection: true,
  // Russian first: the browser's own language is not consulted, only the user's choice in the selector.
  detection: { order: ['querystring', 'localStorage'], lookupQuerystring: 'lng', caches: ['localStorage'] },
  translations: { ru, en },
} as Locale;
