import { z } from 'zod';
import { validationError, type FieldErrors } from './errors.js';

/** Russian messages for zod's issues: these texts reach the user as field errors. */
const ruErrorMap: z.ZodErrorMap = (issue, ctx) => {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined' || issue.received === 'null') return { message: 'Обязательное поле' };
      return { message: 'Неверный формат значения' };
    case z.ZodIssueCode.too_small:
      if (issue.type === 'string') return { message: issue.minimum === 1 ? 'Обязательное поле' : `Не короче ${issue.minimum} символов` };
      if (issue.type === 'array') return { message: `Выберите хотя бы ${issue.minimum}` };
      return { message: issue.inclusive ? `Не меньше ${issue.minimum}` : `Больше ${issue.minimum}` };
    case z.ZodIssueCode.too_big:
      if (issue.type === 'string') return { message: `Не длиннее ${issue.maximum} символов` };
      return { message: `Не больше ${issue.maximum}` };
    case z.ZodIssueCode.invalid_enum_value:
      return { message: `Недопустимое значение; возможные: ${issue.options.join(', ')}` };
    case z.ZodIssueCode.invalid_string:
      if (issue.validation === 'email') return { message: 'Неверный адрес e-mail' };
      return { message: 'Неверный формат' };
    case z.ZodIssueCode.invalid_union:
      return { message: ctx.data === undefined || ctx.data === null ? 'Обязательное поле' : 'Неверный формат значения' };
    case z.ZodIssueCode.unrecognized_keys:
      return { message: `Неизвестные поля: ${issue.keys.join(', ')}` };
    default:
      return { message: ctx.defaultError };
  }
};
z.setErrorMap(ruErrorMap);

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const blankToNull = (v: unknown) => (v === undefined ? undefined : typeof v === 'string' && v.trim() === '' ? null : v);
const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);

/** A required single-line text, trimmed, 1..max characters. */
export const requiredText = (max: number) => z.preprocess(trimmed, z.string().min(1).max(max));
/** Optional text: blank means null. */
export const optionalText = (max: number) => z.preprocess((v) => blankToNull(trimmed(v)), z.string().max(max).nullable().optional());

/** A database id from a form field or a path: a positive integer. */
export const id = z.preprocess(
  blankToUndefined,
  z.union([z.number(), z.string().regex(/^\d{1,15}$/, 'Неверный идентификатор')]).transform(Number).pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
);

const MONEY_MAX = 9_999_999_999.99;

/** Money as a string with two decimals ("1234.50"); accepts "1 234,5", 1234.5. Never a float in storage. */
export const money = (opts: { positive?: boolean } = {}) =>
  z.preprocess(blankToUndefined, z.union([z.number().finite(), z.string()]))
    .transform((v, ctx) => {
      const s = typeof v === 'number' ? v.toString() : v.replace(/[\s\u00a0₽]/g, '').replace(',', '.');
      if (!/^-?\d+(\.\d{1,2})?$/.test(s)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Сумма: число с не более чем двумя знаками после запятой' });
        return z.NEVER;
      }
      const n = Number(s);
      if (n < 0 || (opts.positive && n === 0)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: opts.positive ? 'Сумма должна быть больше нуля' : 'Сумма не может быть отрицательной' });
        return z.NEVER;
      }
      if (n > MONEY_MAX) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Слишком большая сумма' });
        return z.NEVER;
      }
      const [int, frac = ''] = s.replace(/^-/, '').split('.');
      return `${BigInt(int)}.${frac.padEnd(2, '0')}`;
    });

/** A calendar date "YYYY-MM-DD"; an ISO instant from a date picker is cut to its date. */
export const dateOnly = z.preprocess(
  blankToUndefined,
  z.string().transform((v, ctx) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(v.trim());
    const d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
    if (!m || !d || d.getUTCMonth() !== +m[2] - 1 || d.getUTCDate() !== +m[3] || +m[1] < 1900 || +m[1] > 2999) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Дата в формате ГГГГ-ММ-ДД' });
      return z.NEVER;
    }
    return `${m[1]}-${m[2]}-${m[3]}`;
  }),
);

export const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());

/** Parses input with a schema, turning problems into one validation error with a message per field. */
export function parseInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const key = issue.path.length ? String(issue.path[0]) : '_';
    fields[key] ??= issue.message;
  }
  throw validationError(fields);
}

/** A size limit in megabytes as Russian users read it: "20", "0,05". */
export const megabytes = (bytes: number): string => (Math.round((bytes / 1024 / 1024) * 100) / 100).toLocaleString('ru-RU');
