/**
 * A reason the app cannot start, as one sentence that says what to do. The start-up prints its message alone
 * (no stack trace) and exits non-zero.
 */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

interface Where {
  /** The server given in DATABASE_URL, if any (the embedded one explains itself). */
  databaseUrl?: string;
  port: number;
}

const hostOf = (url: string) => {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'the server in DATABASE_URL';
  }
};

/** One readable sentence for whatever stopped the start-up; null when it is none we know (then the error is shown). */
export function explainStartupFailure(e: unknown, where: Where): string | null {
  if (e instanceof StartupError) return e.message;
  const err = e as { code?: string; message?: string; syscall?: string } | undefined;
  const code = err?.code;
  if (code === 'EADDRINUSE' && err?.syscall === 'listen') {
    return `Port ${where.port} is already in use (another program, or Campaign CRM already running): stop it, or set PORT to a free port.`;
  }
  if (code === 'EACCES' && err?.syscall === 'listen') {
    return `Port ${where.port} may not be opened by this user: set PORT to a number above 1023.`;
  }
  if (!where.databaseUrl) return null;
  const server = hostOf(where.databaseUrl);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') {
    return `The PostgreSQL server in DATABASE_URL (${server}) cannot be reached (${code}): start it, or correct DATABASE_URL.`;
  }
  if (code === '28P01' || code === '28000') return `The PostgreSQL server in DATABASE_URL (${server}) refused the user name or password: correct DATABASE_URL.`;
  if (code === '3D000') return `The database in DATABASE_URL (${server}) does not exist: create it (createdb), or correct DATABASE_URL.`;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) {
    return `The database could not be prepared (PostgreSQL error ${code}: ${err?.message ?? ''}): fix the cause, or restore the database, and start again.`;
  }
  return null;
}
