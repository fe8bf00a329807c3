import { msg, renderMessage, type Language, type Message, type MessageCode, type MessageParams } from './i18n/render.js';

/**
 * Domain errors: what went wrong in business terms, as a message code plus parameters (never a sentence). The
 * `code` here is the error's class, which decides the HTTP status (src/shared/http.ts); the adapters render the
 * message in their user's language (src/shared/i18n).
 */
export type ErrorCode =
  | 'validation'
  | 'bad_request'
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  | 'conflict'
  | 'referenced'
  | 'invalid_state'
  | 'rate_limited'
  | 'too_large'
  | 'idempotency_in_progress'
  | 'idempotency_key_reused';

/** Per-field messages, keyed by the entity property (camelCase). */
export type FieldErrors = Record<string, Message>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly text: Message,
    readonly fields: FieldErrors = {},
    readonly details?: unknown,
  ) {
    // The Russian text, for logs and stack traces; users get render().
    super(renderMessage(text, 'ru'));
    this.name = 'DomainError';
  }

  /** The message and the field messages in a language. */
  render(lang: Language): { message: string; fields: Record<string, string> } {
    return {
      message: renderMessage(this.text, lang),
      fields: Object.fromEntries(Object.entries(this.fields).map(([k, m]) => [k, renderMessage(m, lang)])),
    };
  }
}

export { msg, type Message, type MessageCode, type MessageParams };

/** What a not-found refusal names. */
export type NotFoundCode = Extract<MessageCode, `${string}.notFound`>;

export const validationError = (fields: FieldErrors, message: Message = msg('validation.failed')) => new DomainError('validation', message, fields);
export const notFound = (what: NotFoundCode = 'record.notFound') => new DomainError('not_found', msg(what));
export const forbidden = (message: Message = msg('access.forbidden')) => new DomainError('forbidden', message);
export const conflict = (message: Message, fields: FieldErrors = {}) => new DomainError('conflict', message, fields);
export const invalidState = (message: Message, fields: FieldErrors = {}) => new DomainError('invalid_state', message, fields);

/** A request the server cannot read at all (malformed id, unknown fields): 400, before any rule is asked. */
export const badRequest = (message: Message, fields: FieldErrors = {}) => new DomainError('bad_request', message, fields);

/** One field's refusal: the field's message is the error's message too (a file that cannot be read, a bad mapping). */
export const fieldRefusal = (field: string, message: Message) => validationError({ [field]: message }, message);

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
