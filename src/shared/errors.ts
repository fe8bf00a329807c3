/** Domain errors: what went wrong in business terms. HTTP and AdminJS mappings live in their adapters. */
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
  | 'idempotency_in_progress'
  | 'idempotency_key_reused';

/** Per-field messages, keyed by the entity property (camelCase), in the user's words. */
export type FieldErrors = Record<string, string>;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldErrors = {},
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const validationError = (fields: FieldErrors, message = 'Проверьте правильность заполнения полей') =>
  new DomainError('validation', message, fields);
export const notFound = (what = 'Запись') => new DomainError('not_found', `${what} не найдена`);
export const forbidden = (message = 'Недостаточно прав для этого действия') => new DomainError('forbidden', message);
export const conflict = (message: string, fields: FieldErrors = {}) => new DomainError('conflict', message, fields);
export const invalidState = (message: string, fields: FieldErrors = {}) => new DomainError('invalid_state', message, fields);

/** A request the server cannot read at all (malformed id, unknown fields): 400, before any rule is asked. */
export const badRequest = (message: string, fields: FieldErrors = {}) => new DomainError('bad_request', message, fields);

export const isDomainError = (e: unknown): e is DomainError => e instanceof DomainError;
