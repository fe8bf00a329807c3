import { QueryFailedError } from 'typeorm';
import { conflict, DomainError, validationError } from './errors.js';

/** Which field a constraint guards, so a database refusal lands next to the right input. */
const CONSTRAINT_FIELDS: Record<string, [field: string, message: string]> = {
  services_name_key: ['name', 'Услуга с таким названием уже есть'],
  campaigns_name_key: ['name', 'Кампания с таким названием уже есть'],
  users_email_key: ['email', 'Пользователь с таким e-mail уже есть'],
  customers_lead_id_key: ['leadId', 'Этот потенциальный клиент уже переведён в клиенты'],
  contracts_period: ['endsOn', 'Дата окончания не может быть раньше даты начала'],
  leads_contact_required: ['phone', 'Укажите телефон или e-mail'],
};

/** Why a row cannot be deleted, by the foreign key that holds it. */
const REFERENCED_BY: Record<string, string> = {
  campaigns_service_id_fkey: 'Нельзя удалить услугу: по ней есть рекламные кампании',
  contracts_service_id_fkey: 'Нельзя удалить услугу: по ней заключены контракты',
  leads_campaign_id_fkey: 'Нельзя удалить кампанию: у неё есть потенциальные клиенты',
  import_batches_campaign_id_fkey: 'Нельзя удалить кампанию: в неё импортировались потенциальные клиенты',
  customers_lead_id_fkey: 'Нельзя удалить потенциального клиента: он уже стал клиентом',
  contracts_customer_id_fkey: 'Нельзя удалить клиента: у него есть контракты',
};

interface PgError {
  code?: string;
  constraint?: string;
  column?: string;
  table?: string;
}

/** Maps PostgreSQL constraint violations to domain errors; anything else is rethrown as is. */
export function translateDbError(e: unknown): never {
  if (e instanceof DomainError) throw e;
  const pgErr = (e instanceof QueryFailedError ? (e.driverError as PgError) : (e as PgError)) ?? {};
  const known = pgErr.constraint ? CONSTRAINT_FIELDS[pgErr.constraint] : undefined;
  switch (pgErr.code) {
    case '23505':
      throw conflict(known?.[1] ?? 'Такая запись уже есть', known ? { [known[0]]: known[1] } : {});
    case '23001': // ON DELETE RESTRICT
    case '23503':
      if (pgErr.code === '23001' || /^update or delete on table/.test(String((e as Error).message))) {
        const why = (pgErr.constraint && REFERENCED_BY[pgErr.constraint]) ?? 'Нельзя удалить: на запись ссылаются другие данные';
        throw new DomainError('referenced', why);
      }
      throw validationError({}, 'Связанная запись не найдена');
    case '23514':
    case '23502':
      throw validationError(known ? { [known[0]]: known[1] } : pgErr.column ? { [pgErr.column]: 'Недопустимое значение' } : {}, known?.[1]);
    case '22001':
      throw validationError({}, 'Слишком длинное значение');
    case '22003':
      throw validationError({}, 'Число вне допустимого диапазона');
    case '22P02':
    case '22007':
    case '22008':
    case '22021': // a NUL byte in text: PostgreSQL cannot store it
      throw validationError({}, 'Неверный формат значения');
    default:
      throw e;
  }
}

/** Runs a database operation and translates constraint violations. */
export async function withDbErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    translateDbError(e);
  }
}

/** Socket errors that mean the database server cannot be reached (refused, reset, unreachable, unknown host). */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
/** SQLSTATEs of a server that is there but will not serve: shutting down, starting up, out of connection slots. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What node-postgres says when a connection dies under a query or no connection comes in time. */
const UNAVAILABLE_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not queryable/i;

/**
 * Whether an error means "the database cannot be reached right now" rather than "this request is wrong": a retry
 * later may succeed. Looks through TypeORM's wrapper (driverError), `cause` and the errors of an AggregateError
 * (a host name that resolves to several addresses).
 */
export function isDatabaseUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 4) return false;
  const err = e as { code?: unknown; syscall?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof err.code === 'string' ? err.code : '';
  // A socket error carries the failed system call; a client that hangs up on us mid-request (also ECONNRESET) does not.
  if (UNREACHABLE_CODES.has(code) && typeof err.syscall === 'string') return true;
  if (/^08...$/.test(code) || UNAVAILABLE_STATES.has(code)) return true;
  if (typeof err.message === 'string' && UNAVAILABLE_MESSAGES.test(err.message)) return true;
  const inner = [err.driverError, err.cause, ...(Array.isArray(err.errors) ? err.errors : [])];
  return inner.some((x) => x !== e && isDatabaseUnavailable(x, depth + 1));
}
