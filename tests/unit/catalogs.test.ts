/**
 * The message catalogs: every code the code throws has a Russian and an English text, no catalog keeps a text no
 * code uses, both texts of a code take the same parameters, and every text renders in both languages with no
 * placeholder left over.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { en } from '../../src/shared/i18n/catalog.en.js';
import { ru } from '../../src/shared/i18n/catalog.ru.js';
import { CATALOGS, LANGUAGES, render, type MessageCode, type MessageParams } from '../../src/shared/i18n/render.js';

const SRC = path.resolve('src');
const CATALOG_DIR = path.join(SRC, 'shared', 'i18n');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !p.startsWith(CATALOG_DIR) ? [p] : [];
  });
}

/** Every string literal in the source outside the catalogs that looks like a message code. */
function codesInSource(): Set<string> {
  const found = new Set<string>();
  for (const file of sourceFiles(SRC)) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/'([a-z][A-Za-z]*\.[a-z][A-Za-z]*)'/g)) found.add(m[1]);
  }
  return found;
}

/** The arguments a text takes, by name, with how it uses each (plain, number, plural, select and its options). */
function argumentsOf(text: string): Map<string, { type: TYPE; options?: string[] }> {
  const args = new Map<string, { type: TYPE; options?: string[] }>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const el of elements) {
      if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) {
        if (!args.has(el.value) || el.type !== TYPE.argument) args.set(el.value, { type: el.type === TYPE.argument ? (args.get(el.value)?.type ?? el.type) : el.type });
      } else if (el.type === TYPE.plural) {
        args.set(el.value, { type: TYPE.plural });
        for (const o of Object.values(el.options)) walk(o.value);
      } else if (el.type === TYPE.select) {
        args.set(el.value, { type: TYPE.select, options: Object.keys(el.options).filter((k) => k !== 'other') });
        for (const o of Object.values(el.options)) walk(o.value);
      }
    }
  };
  walk(parse(text, { ignoreTag: true }));
  return args;
}

/** Parameter sets that exercise each text: every select option, and plural counts 1, 2, 5, 0 and 21. */
function sampleParams(code: MessageCode): MessageParams[] {
  const args = new Map([...argumentsOf(ru[code]), ...argumentsOf(en[code])]);
  const numeric = [...args.values()].some((a) => a.type === TYPE.plural || a.type === TYPE.number);
  const samples: MessageParams[] = [];
  const counts = numeric ? [1, 2, 5, 0, 21, 1000] : [7];
  const selects = [...args.entries()].filter(([, a]) => a.type === TYPE.select);
  const choices = selects.length ? selects.flatMap(([name, a]) => [...(a.options ?? []), 'something else'].map((o) => [name, o] as const)) : [null];
  for (const n of counts) {
    for (const choice of choices) {
      const params: MessageParams = {};
      for (const [name, a] of args) params[name] = a.type === TYPE.plural || a.type === TYPE.number ? n : `«${name}»`;
      if (choice) params[choice[0]] = choice[1];
      samples.push(params);
    }
  }
  return samples;
}

const codes = Object.keys(ru) as MessageCode[];

test('both catalogs hold the same codes', () => {
  expect(Object.keys(en).sort()).toEqual([...codes].sort());
});

test('every code the source uses has a text, and every text is used by the source', () => {
  const used = codesInSource();
  const namespaces = new Set(codes.map((c) => c.split('.')[0]));
  // A literal in a code's namespace ("lead.…", "field.…") is a code: it must have a text.
  expect([...used].filter((c) => namespaces.has(c.split('.')[0]) && !Object.hasOwn(ru, c))).toEqual([]);
  // A text that no source file names is a text nobody can see.
  expect(codes.filter((c) => !used.has(c))).toEqual([]);
});

/** The argument text of every `msg(…)` call in the source, parentheses balanced. */
function msgCalls(): { file: string; args: string }[] {
  const calls: { file: string; args: string }[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bmsg\(/g)) {
      let depth = 1;
      let i = m.index + m[0].length;
      for (; i < text.length && depth > 0; i++) depth += text[i] === '(' ? 1 : text[i] === ')' ? -1 : 0;
      calls.push({ file: path.relative(SRC, file), args: text.slice(m.index + m[0].length, i - 1) });
    }
  }
  return calls;
}

/** Whether a call's argument list has a second argument (a comma outside brackets and quotes). */
function hasSecondArgument(args: string): boolean {
  let depth = 0;
  let quote: string | null = null;
  for (const c of args) {
    if (quote) quote = c === quote ? null : quote;
    else if (c === "'" || c === '"' || c === '`') quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    else if (c === ',' && depth === 0) return true;
  }
  return false;
}

test('a code named without parameters takes none (a forgotten parameter would fail at the throw)', () => {
  const calls = msgCalls();
  expect(calls.length).toBeGreaterThan(50);
  const forgotten = calls
    .filter((c) => !hasSecondArgument(c.args))
    .flatMap((c) => [...c.args.matchAll(/'([a-z][A-Za-z]*\.[a-z][A-Za-z]*)'/g)].map((m) => ({ file: c.file, code: m[1] })))
    .filter(({ code }) => Object.hasOwn(ru, code) && argumentsOf(ru[code as MessageCode]).size > 0);
  expect(forgotten).toEqual([]);
});

test('both texts of a code take the same parameters', () => {
  for (const code of codes) {
    const names = (text: string) => [...argumentsOf(text).keys()].sort();
    expect({ code, params: names(en[code]) }).toEqual({ code, params: names(ru[code]) });
  }
});

test('every code renders in both languages, with nothing left unfilled', () => {
  for (const lang of LANGUAGES) {
    for (const code of codes) {
      for (const params of sampleParams(code)) {
        const text = render(code, params, lang);
        expect({ code, lang, text }).toEqual({ code, lang, text: expect.not.stringMatching(/[{}#]|undefined|NaN/) });
        expect(text.trim()).not.toBe('');
      }
    }
    expect(Object.keys(CATALOGS[lang]).length).toBe(codes.length);
  }
});

test('a text with a parameter refuses to render without it', () => {
  const withParams = codes.filter((c) => argumentsOf(ru[c]).size > 0);
  expect(withParams.length).toBeGreaterThan(0);
  for (const code of withParams) for (const lang of LANGUAGES) expect(() => render(code, {}, lang)).toThrow();
});

test('Russian numbers take their plural forms', () => {
  expect(render('field.tooLong', { max: 1 }, 'ru')).toBe('Не длиннее 1 символа');
  expect(render('field.tooLong', { max: 21 }, 'ru')).toBe('Не длиннее 21 символа');
  expect(render('field.tooLong', { max: 100 }, 'ru')).toBe('Не длиннее 100 символов');
  expect(render('field.tooLong', { max: 1000 }, 'ru')).toBe('Не длиннее 1000 символов');
  expect(render('field.tooLong', { max: 1 }, 'en')).toBe('At most 1 character');
  expect(render('field.tooLong', { max: 1000 }, 'en')).toBe('At most 1000 characters');
  expect(render('file.tooLarge', { mb: 0.05 }, 'ru')).toBe('Файл больше 0,05 МБ');
  expect(render('file.tooLarge', { mb: 0.05 }, 'en')).toBe('The file is larger than 0.05 MB');
});
