import type { Locale } from 'adminjs';

import { PANEL_LANGUAGE_COOKIE } from '../../shared/i18n/language.js';
import { en } from './en.js';
import { ru } from './ru.js';
import { contractsLocale } from '../../modules/contracts/contracts.locale.js';
import { customersLocale } from '../../modules/customers/customers.locale.js';
import { formsLocale } from './forms.locale.js';
import { historyLocale } from '../../modules/history/history.locale.js';
import { importLocale } from '../../modules/import/import.locale.js';
import { leadsLocale } from '../../modules/leads/leads.locale.js';
import { statisticsLocale } from '../../modules/statistics/statistics.locale.js';
import { tokensLocale } from '../../modules/users/tokens.locale.js';

type Tree = { [key: string]: string | Tree };

/** Texts a module brings along (its components, messages, resource labels), merged over the base files. */
export interface ModuleLocale {
  ru: Tree;
  en: Tree;
}

function merge(base: Tree, extra: Tree): Tree {
  const out: Tree = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const current = out[k];
    out[k] = typeof v === 'object' && typeof current === 'object' ? merge(current, v) : v;
  }
  return out;
}

/** Each module with its own texts adds its `<module>.locale.ts` export here. */
const moduleLocales: ModuleLocale[] = [historyLocale, tokensLocale, statisticsLocale, importLocale, leadsLocale, contractsLocale, customersLocale, formsLocale];

/**
 * AdminJS locale: Russian by default, English available in the language selector. Only the user's choice (the
 * ?lng= query or the selector, kept in localStorage) switches it; the browser's own language is not consulted.
 * The choice is also kept in a cookie (PANEL_LANGUAGE_COOKIE), so the server renders its refusals in that language.
 */
export function buildLocale(language: 'ru' | 'en' = 'ru'): Locale {
  const ruAll = moduleLocales.reduce((acc, m) => merge(acc, m.ru), ru as unknown as Tree);
  const enAll = moduleLocales.reduce((acc, m) => merge(acc, m.en), en as unknown as Tree);
  return {
    language,
    availableLanguages: ['ru', 'en'],
    localeDetection: true,
    detection: {
      order: ['querystring', 'localStorage'],
      lookupQuerystring: 'lng',
      caches: ['localStorage', 'cookie'],
      lookupCookie: PANEL_LANGUAGE_COOKIE,
      cookieMinutes: 60 * 24 * 365,
    },
    translations: { ru: ruAll, en: enAll },
  } as Locale;
}
