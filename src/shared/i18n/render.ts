import { IntlMessageFormat } from 'intl-messageformat';
import { en } from './catalog.en.js';
import { ru, type MessageCode } from './catalog.ru.js';

export type { MessageCode };
export type Language = 'ru' | 'en';
export const LANGUAGES: readonly Language[] = ['ru', 'en'];

/** A parameter: text as is; a number for `plural`/`number` arguments. */
export type MessageParams = Record<string, string | number>;

/** What a domain error says, before anyone has chosen a language: a code and its parameters. */
export interface Message {
  code: MessageCode;
  params?: MessageParams;
}

export const msg = (code: MessageCode, params?: MessageParams): Message => (params ? { code, params } : { code });

export const CATALOGS: Record<Language, Record<MessageCode, string>> = { ru, en };

export const isMessageCode = (s: unknown): s is MessageCode => typeof s === 'string' && Object.hasOwn(ru, s);

const compiled = new Map<string, IntlMessageFormat>();

function formatter(code: MessageCode, lang: Language): IntlMessageFormat {
  const id = `${lang}\u0000${code}`;
  let f = compiled.get(id);
  if (!f) {
    f = new IntlMessageFormat(CATALOGS[lang][code], lang === 'ru' ? 'ru-RU' : 'en-US', undefined, { ignoreTag: true });
    compiled.set(id, f);
  }
  return f;
}

/** A message in a language. A parameter the text needs and the caller left out is a bug: it throws. */
export function render(code: MessageCode, params: MessageParams | undefined, lang: Language): string {
  return String(formatter(code, lang).format(params ?? {}));
}

export const renderMessage = (m: Message, lang: Language): string => render(m.code, m.params, lang);
