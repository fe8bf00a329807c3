import { z } from 'zod';
import { validationError, type FieldErrors } from './errors.js';
import { isMessageCode, msg, type Message, type MessageCode, type MessageParams } from './i18n/render.js';

/** A custom zod issue carrying a message code (read back by messageOfIssue). */
export const codedIssue = (code: MessageCode, params?: MessageParams): z.IssueData => ({ code: z.ZodIssueCode.custom, message: code, params: params ?? {} });

/**
 * The message of a zod issue, as a code: our own checks carry their code (a custom issue's message, or the message
 * given to `.min(…, 'code')`); zod's own checks are mapped here.
 */
export function messageOfIssue(issue: z.ZodIssue): Message {
  if (issue.code === z.ZodIssueCode.custom && isMessageCode(issue.message)) return msg(issue.message, issue.params as MessageParams | undefined);
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type:
      if (issue.received === 'undefined' || issue.received === 'null') return msg('field.required');
      return msg('field.invalidValue');
    case z.ZodIssueCode.too_small:
      if (isMessageCode(issue.message)) return msg(issue.message, { min: Number(issue.minimum) });
      if (issue.type === 'string') return issue.minimum === 1 ? msg('field.required') : msg('field.tooShort', { min: Number(issue.minimum) });
      if (issue.type === 'array') return msg('field.chooseAtLeast', { min: String(issue.minimum) });
      return issue.inclusive ? msg('field.atLeast', { min: String(issue.minimum) }) : msg('field.greaterThan', { min: String(issue.minimum) });
    case z.ZodIssueCode.too_big:
      if (issue.type === 'string') return msg('field.tooLong', { max: Number(issue.maximum) });
      return msg('field.atMost', { max: String(issue.maximum) });
    case z.ZodIssueCode.invalid_enum_value:
      return msg('field.notOneOf', { options: issue.options.join(', ') });
    case z.ZodIssueCode.invalid_string:
      if (isMessageCode(issue.message)) return msg(issue.message);
      if (issue.validation === 'email') return msg('field.email');
      return msg('field.invalidFormat');
    case z.ZodIssueCode.invalid_union: {
      // Missing when every member found nothing there (after preprocessing: a blank id is no id), else malformed.
      const missing = issue.unionErrors.every((e) =>
        e.issues.some((i) => i.code === z.ZodIssueCode.invalid_type && (i.received === 'undefined' || i.received === 'null')),
      );
      return missing ? msg('field.required') : msg('field.invalidValue');
    }
    case z.ZodIssueCode.unrecognized_keys:
      return msg('request.unknownFields', { fields: issue.keys.join(', ') });
    default:
      return isMessageCode(issue.message) ? msg(issue.message) : msg('field.invalidValue');
  }
}

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
  z.union([z.number(), z.string().regex(/^\d{1,15}$/, 'request.invalidId')]).transform(Number).pipe(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)),
);

const MONEY_MAX = 9_999_999_999.99;

/** Money as a string with two decimals ("1234.50"); accepts "1 234,5", 1234.5. Never a float in storage. */
export const money = (opts: { positive?: boolean } = {}) =>
  z.preprocess(blankToUndefined, z.union([z.number().finite(), z.string()]))
    .transform((v, ctx) => {
      const s = typeof v === 'number' ? v.toString() : v.replace(/[\s\u00a0₽]/g, '').replace(',', '.');
      if (!/^-?\d+(\.\d{1,2})?$/.test(s)) {
        ctx.addIssue(codedIssue('money.format'));
        return z.NEVER;
      }
      const n = Number(s);
      if (n < 0 || (opts.positive && n === 0)) {
        ctx.addIssue(codedIssue(opts.positive ? 'money.positive' : 'money.notNegative'));
        return z.NEVER;
      }
      if (n > MONEY_MAX) {
        ctx.addIssue(codedIssue('money.tooLarge'));
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
      ctx.addIssue(codedIssue('field.date'));
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
    fields[key] ??= messageOfIssue(issue);
  }
  throw validationError(fields);
}

/** A size limit in megabytes, to two decimals (a message renders it in the reader's way: "0,05", "0.05"). */
export const megabytes = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 100) / 100;
