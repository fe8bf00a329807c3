import { QueryFailedError } from 'typeorm';
import { conflict, DomainError, msg, validationError, type MessageCode } from './errors.js';

/** Which field a constraint guards, so a database refusal lands next to the right input. */
const CONSTRAINT_FIELDS: Record<string, [field: string, message: MessageCode]> = {
  services_name_key: ['name', 'service.nameTaken'],
  campaigns_name_key: ['name', 'campaign.nameTaken'],
  users_email_key: ['email', 'user.emailTaken'],
  customers_lead_id_key: ['leadId', 'lead.customerExists'],
  contracts_period: ['endsOn', 'period.endBeforeStart'],
  leads_contact_required: ['phone', 'lead.contactRequired'],
};

/** Why a row cannot be deleted, by the foreign key that holds it. */
const REFERENCED_BY: Record<string, MessageCode> = {
  campaigns_service_id_fkey: 'service.usedByCampaigns',
  contracts_service_id_fkey: 'service.usedByContracts',
  leads_campaign_id_fkey: 'campaign.hasLeads',
  import_batches_campaign_id_fkey: 'campaign.hasImports',
  customers_lead_id_fkey: 'lead.isCustomer',
  contracts_customer_id_fkey: 'customer.hasContracts',
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
      throw conflict(msg(known?.[1] ?? 'record.exists'), known ? { [known[0]]: msg(known[1]) } : {});
    case '23001': // ON DELETE RESTRICT
    case '23503':
      if (pgErr.code === '23001' || /^update or delete on table/.test(String((e as Error).message))) {
        const why = (pgErr.constraint ? REFERENCED_BY[pgErr.constraint] : undefined) ?? 'record.referenced';
        throw new DomainError('referenced', msg(why));
      }
      throw validationError({}, msg('reference.notFound'));
    case '23514':
    case '23502':
      throw validationError(known ? { [known[0]]: msg(known[1]) } : pgErr.column ? { [pgErr.column]: msg('field.notAllowed') } : {}, known ? msg(known[1]) : undefined);
    case '22001':
      throw validationError({}, msg('value.tooLong'));
    case '22003':
      throw validationError({}, msg('value.outOfRange'));
    case '22P02':
    case '22007':
    case '22008':
    case '22021': // a NUL byte in text: PostgreSQL cannot store it
      throw validationError({}, msg('field.invalidValue'));
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
