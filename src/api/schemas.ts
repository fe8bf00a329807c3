import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { MAX_PAGE } from '../shared/keyset.js';

// Every request and response schema of the API is a zod schema with OpenAPI metadata: the same object validates
// a request and describes it in /api/v1/openapi.json.
extendZodWithOpenApi(z);

export { z };

/** Money out: a string with two decimals, never a float. */
export const Money = z.string().regex(/^-?\d+\.\d{2}$/).openapi({ description: 'Money: a decimal string with two decimals', example: '1500.00' });
/** Money in: a decimal string ("1500.50", "1 500,50") or a number; stored exactly. */
export const MoneyIn = z.union([z.string().max(40), z.number()]).openapi({ description: 'A decimal string (at most two decimals) or a number', example: '1500.00' });
export const DateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).openapi({ description: 'A calendar date YYYY-MM-DD', example: '2026-03-01' });
export const Instant = z.string().datetime().openapi({ description: 'An instant, ISO 8601 in UTC', example: '2026-03-01T09:30:00.000Z' });
/** An integer id in a body: a number or a numeric string. */
export const IdIn = z.union([z.number().int(), z.string().regex(/^\d{1,15}$/)]).openapi({ description: 'An id (integer or numeric string)', example: 1 });
/** A bigint id (leads, import batches) travels as a string, so no client loses precision. */
export const BigId = z.string().regex(/^\d+$/).openapi({ description: 'A 64-bit id, as a decimal string', example: '42' });

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'validation', description: 'validation, bad_request, unauthenticated, forbidden, not_found, conflict, referenced, invalid_state, too_large, rate_limited, unavailable, idempotency_in_progress, idempotency_key_reused' }),
      message: z.string().openapi({ description: 'In the language of Accept-Language (ru or en)' }),
      details: z.union([z.object({ fields: z.record(z.string()).optional() }).passthrough(), z.null()]),
    }),
  })
  .openapi('Error');

/** A path id: digits only (anything else is 400; a number beyond the column's range is simply not found). */
export const IdPath = z.object({ id: z.string().regex(/^\d{1,18}$/).openapi({ param: { name: 'id', in: 'path', description: 'Record id' }, example: '1' }) });

/** limit/cursor/sort, common to every list; `sorts` are the properties one may sort by (`-` for descending). */
export function listQuery<S extends readonly [string, ...string[]]>(sorts: S) {
  const all = sorts.flatMap((s) => [s, `-${s}`]) as [string, ...string[]];
  return z.object({
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional().openapi({ description: `Page size, 1..${MAX_PAGE} (default 25)`, example: 25 }),
    cursor: z.string().max(600).optional().openapi({ description: 'nextCursor of the previous page' }),
    sort: z.enum(all).optional().openapi({ description: 'Sort property; a leading "-" sorts descending' }),
  });
}

export const queryDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'field.date').openapi({ description: 'YYYY-MM-DD, a calendar day in Moscow time (the company time zone)', example: '2026-01-31' });
export const queryId = z.coerce.number().int().positive().max(2_147_483_647);
export const querySearch = z.string().max(200);
/** A money bound of a list filter, as the panel's money filter takes it: `1500`, `1500.50` or `1500,50`. */
export const queryAmount = z
  .string()
  .regex(/^-?\d{1,15}([.,]\d{1,2})?$/, 'money.format')
  .transform((v) => v.replace(',', '.'))
  .openapi({ type: 'string', description: 'An amount, at most two decimals (a point or a comma)', example: '1500.00' });
/** The language of a downloaded file; an unknown one is no error: the file falls back (fileLanguage). */
export const queryLang = z
  .preprocess((v) => (v === 'ru' || v === 'en' ? v : undefined), z.enum(['ru', 'en']).optional())
  .openapi({ type: 'string', enum: ['ru', 'en'], description: 'Language of the file (a link cannot send Accept-Language): else the panel\'s for its session, else Accept-Language' });
/** A user's id, or `none`: the records nobody is responsible for. */
export const queryAssignee = z
  .union([z.literal('none'), queryId])
  .openapi({ type: 'string', description: 'The responsible manager\'s user id, or `none` for records nobody is responsible for', example: 'none' });
export const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** A page of items: `{ items, nextCursor }`. */
export const page = <T extends z.ZodTypeAny>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable().openapi({ description: 'Pass as ?cursor= for the next page; null on the last' }) }).openapi(name);

export const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/**
 * An object schema with OpenAPI descriptions added to some of its fields: the same schema validates (a service's
 * own, say), and the document says what each field is. Metadata only: no field's rules change.
 */
export function describeFields<T extends z.AnyZodObject>(schema: T, docs: { [K in keyof T['shape']]?: Record<string, unknown> }): T {
  const described = Object.fromEntries(
    Object.entries(docs).map(([key, meta]) => [key, (schema.shape[key] as { openapi(meta: unknown): z.ZodTypeAny }).openapi(meta)]),
  );
  return schema.extend(described) as unknown as T;
}
