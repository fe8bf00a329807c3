/**
 * Helpers shared by the list, startup, http and page benchmarks: timing samples, the production build, the real
 * start command (`node scripts/start.mjs`) as a child process, a bare Express server as a baseline, free ports,
 * a process's resident memory and logging in to the panel.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { hashPassword } from '../src/modules/users/passwords.js';
import { projectRoot } from '../src/shared/paths.js';
import { buildIsCurrent as buildIsCurrentIn } from '../scripts/build-state.mjs';

export async function timeIt(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** n timings of fn, after one untimed warm-up call. */
export async function sample(n: number, fn: () => Promise<unknown>): Promise<number[]> {
  await fn();
  const xs: number[] = [];
  for (let i = 0; i < n; i++) xs.push(await timeIt(fn));
  return xs;
}

/** `--name=value` from the command line, as a number, or the default. */
export function numberArg(name: string, fallback: number): number {
  const a = process.argv.find((x) => x.startsWith(`--${name}=`));
  const v = a ? Number(a.slice(name.length + 3)) : NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same test as scripts/start.mjs: is dist/ (and the panel bundle) there and newer than the sources? */
export const buildIsCurrent = (): boolean => buildIsCurrentIn(projectRoot);

/** Builds the production bundle when `npm start` would; returns whether it did and how long it took. */
export function ensureBuild(): { built: boolean; build_seconds: number } {
  if (buildIsCurrent()) return { built: false, build_seconds: 0 };
  const t0 = performance.now();
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  return { built: true, build_seconds: Math.round((performance.now() - t0) / 10) / 100 };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** Polls url every `everyMs` until it answers 200; throws when the process exits first or the time runs out. */
export async function waitFor200(url: string, child: ChildProcess, timeoutMs: number, everyMs = 10): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before ${url} answered 200`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(everyMs);
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
}

export interface Spawned {
  child: ChildProcess;
  /** everything the process printed, for error messages and for spotting a rebuild */
  output(): string;
  stop(): Promise<void>;
}

/** Spawns a process with its output kept (not shown), and a stop() that sends SIGTERM and waits for the exit. */
export function spawnQuiet(command: string, args: string[], env: NodeJS.ProcessEnv): Spawned {
  const child = spawn(command, args, { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b: Buffer) => {
    out += b.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(killer);
      }
    },
  };
}

/** The environment for the app in a child process: ours minus settings the bench must choose itself. */
export function appEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['DATABASE_URL', 'PORT', 'HOST', 'DATA_DIR', 'EMBEDDED_PG_PORT', 'SESSION_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'ADMIN_JS_SKIP_BUNDLE']) delete env[k];
  return { ...env, NODE_ENV: 'production', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...extra };
}

export interface RunningApp extends Spawned {
  baseUrl: string;
}

/**
 * The production app started by the real start command (`node scripts/start.mjs`, which runs dist/src/main.js in
 * a child) on a free port, once /readyz answers 200. Build first (ensureBuild) so the start does not build.
 */
export async function startProductionApp(extra: Record<string, string>, timeoutMs = 120_000): Promise<RunningApp> {
  const port = await freePort();
  const app = spawnQuiet(process.execPath, ['scripts/start.mjs'], appEnv({ HOST: '127.0.0.1', PORT: String(port), ...extra }));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitFor200(`${baseUrl}/readyz`, app.child, timeoutMs, 50);
  } catch (e) {
    await app.stop();
    throw new Error(`${(e as Error).message}\n${app.output().slice(-3000)}`);
  }
  return { ...app, baseUrl };
}

/** A bare Express 5 server answering a constant JSON body on every GET, started with `node -e`: the baseline. */
export const BARE_EXPRESS = `
const express = require('express');
const app = express();
const body = { status: 'ok', items: [] };
app.get('/{*any}', (_req, res) => res.json(body));
app.listen(Number(process.env.BARE_PORT), '127.0.0.1');
`;

export async function startBareExpress(): Promise<RunningApp> {
  const port = await freePort();
  const bare = spawnQuiet(process.execPath, ['-e', BARE_EXPRESS], { ...process.env, NODE_ENV: 'production', BARE_PORT: String(port) });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor200(`${baseUrl}/`, bare.child, 20_000);
  return { ...bare, baseUrl };
}

/** Children of a process (Linux /proc), e.g. the dist/src/main.js that scripts/start.mjs spawns. */
export function childPids(pid: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …; comm may hold spaces or parentheses, so read after the last ')'
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Resident memory of a process in MB (VmRSS from /proc/<pid>/status). */
export function rssMb(pid: number): number {
  const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for process ${pid}`);
  return Math.round(Number(m[1]) / 1024);
}

/** The process scripts/start.mjs runs the app in (its node child). */
export function appServerPid(launcherPid: number): number {
  const kids = childPids(launcherPid).filter((p) => {
    try {
      return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('dist/src/main.js');
    } catch {
      return false;
    }
  });
  if (kids.length !== 1) throw new Error(`expected one dist/src/main.js child of ${launcherPid}, found ${kids.length}`);
  return kids[0];
}

/** Logs in through the panel's form (POST /admin/login) and returns the session cookie. */
export async function panelCookie(baseUrl: string, email: string, password: string): Promise<string> {
  const login = await fetch(`${baseUrl}/admin/login`, { method: 'POST', body: new URLSearchParams({ email, password }), redirect: 'manual' });
  if (login.status !== 302) throw new Error(`login as ${email} refused: HTTP ${login.status}`);
  return login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

export interface InProcessApp {
  base: string;
  /** The session cookie of an operator logged in to the panel. */
  cookie: string;
  close(): Promise<void>;
}

/**
 * The app in this process on the bench database (production settings, no component bundling: it would compete
 * with the measurements for the CPU), listening on a free port, with an operator logged in to the panel.
 */
export async function startInProcessApp(ds: DataSource, databaseUrl: string, env: Record<string, string> = {}): Promise<InProcessApp> {
  process.env.ADMIN_JS_SKIP_BUNDLE = 'true';
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: databaseUrl, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret', LOG_LEVEL: 'warn', BCRYPT_ROUNDS: '4', ...env });
  await ds.query(`INSERT INTO users (email, full_name, roles, password_hash) VALUES ('bench@example.com', 'Bench', '{operator}', $1)`, [await hashPassword('bench-password-1', config.limits.hashRounds)]);
  const { app, close: closeApp } = await createApp(config, ds);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  return {
    base,
    cookie: await panelCookie(base, 'bench@example.com', 'bench-password-1'),
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await closeApp();
    },
  };
}
