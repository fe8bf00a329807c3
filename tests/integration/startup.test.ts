/**
 * Start-up as an operator lives it: the real entry point (src/main.ts) started as its own process in situations
 * that go wrong on real machines. Each must end with one readable sentence saying what to do and a non-zero
 * exit — never a stack trace — and a server left running by a killed app must not stop the next start.
 */
import { jest } from '@jest/globals';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freePort, startAppProcess as startApp, untilRunning as running } from '../support/app-process.js';
import { workerSuffix } from '../support/worker-env.mjs';

const BROKEN_DB = `crm_start_broken${workerSuffix()}`;

const dbUrl = () => process.env.TEST_DATABASE_URL!;

// Every case starts whole app processes (tsx compiling the app each time), several at once: on a busy 2-core
// machine one start alone can take 25 s, so the default 60 s is not enough room.
jest.setTimeout(180_000);

/** The app must exit non-zero with exactly one line on stderr that contains `expected`. */
async function failsWith(env: Record<string, string>, expected: RegExp): Promise<string> {
  const app = startApp(env);
  const code = await app.exited;
  const lines = app.err().split('\n').filter((l) => l.trim() && !/ExperimentalWarning|--trace-warnings/.test(l));
  expect(code).not.toBe(0);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(expected);
  expect(app.err()).not.toMatch(/\n\s+at /); // no stack trace
  return lines[0];
}

async function occupiedPort(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  return { port, close: () => new Promise((r) => server.close(() => r())) };
}

const tmpDirs: string[] = [];
const tmpDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-start-'));
  fs.chmodSync(dir, 0o755); // run as root, the embedded server's own user must reach it (else its data moves away)
  tmpDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

test('the HTTP port taken by another program: one sentence naming the port and PORT', async () => {
  const taken = await occupiedPort();
  try {
    await failsWith({ DATABASE_URL: dbUrl(), PORT: String(taken.port) }, new RegExp(`^Port ${taken.port} is already in use .*set PORT`));
  } finally {
    await taken.close();
  }
});

test('DATABASE_URL unreachable, or with a wrong password, or naming a missing database: one sentence each', async () => {
  const port = String(await freePort());
  const closed = await freePort();
  const wrongPassword = new URL(dbUrl());
  wrongPassword.password = 'not-the-password';
  const missing = new URL(dbUrl());
  missing.pathname = '/no_such_database_here';
  await Promise.all([
    failsWith({ DATABASE_URL: `postgres://crm:secret@127.0.0.1:${closed}/crm`, PORT: port }, /DATABASE_URL .* cannot be reached \(ECONNREFUSED\)/),
    failsWith({ DATABASE_URL: wrongPassword.toString(), PORT: port }, /refused the user name or password/),
    failsWith({ DATABASE_URL: missing.toString(), PORT: port }, /does not exist: create it/),
  ]);
});

test('a migration that fails stops the start with the database error in one sentence', async () => {
  const admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${BROKEN_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BROKEN_DB}`);
    const broken = new URL(dbUrl());
    broken.pathname = `/${BROKEN_DB}`;
    const db = new pg.Client({ connectionString: broken.toString() });
    await db.connect();
    await db.query('CREATE TABLE services (id int)'); // what the first migration creates, already there
    await db.end();
    await failsWith({ DATABASE_URL: broken.toString(), PORT: String(await freePort()) }, /database could not be prepared \(PostgreSQL error 42P07: .*services/);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${BROKEN_DB} WITH (FORCE)`);
    await admin.end();
  }
});

test('embedded PostgreSQL: its port taken, or a data folder that cannot be made, is one sentence', async () => {
  const taken = await occupiedPort();
  try {
    await failsWith({ DATA_DIR: tmpDir(), EMBEDDED_PG_PORT: String(taken.port), PORT: String(await freePort()) }, new RegExp(`could not listen on port ${taken.port}.*EMBEDDED_PG_PORT`));
  } finally {
    await taken.close();
  }
  const file = path.join(tmpDir(), 'not-a-folder');
  fs.writeFileSync(file, '');
  await failsWith({ DATA_DIR: path.join(file, 'data'), EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()) }, /data folder .* cannot be created \(ENOTDIR\).*DATA_DIR/);
}, 180_000);

test('embedded PostgreSQL: a second app on the same data folder is refused; a server left by a killed app is taken over', async () => {
  const dataDir = tmpDir();
  const pgPort = String(await freePort());
  const first = startApp({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: pgPort, PORT: String(await freePort()) });
  try {
    await running(first, 90_000);
    await failsWith({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: pgPort, PORT: String(await freePort()) }, /in use by another running instance of the app/);
    // The first app is still fine: the refused second start did not stop its database.
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    const pgPid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(() => process.kill(pgPid, 0)).not.toThrow(); // the orphaned server still runs

    const next = startApp({ DATA_DIR: dataDir, EMBEDDED_PG_PORT: pgPort, PORT: String(await freePort()) });
    try {
      await running(next, 90_000);
      expect(() => process.kill(pgPid, 0)).toThrow(); // the orphan was stopped, a new server serves the data
    } finally {
      next.child.kill('SIGTERM');
      expect(await next.exited).toBe(0);
    }
    expect(fs.existsSync(pidFile)).toBe(false); // a clean stop leaves no server behind
  } finally {
    if (first.child.exitCode === null) first.child.kill('SIGKILL');
  }
}, 180_000);

// Root's home (/root, mode 0700) is closed to the `postgres` user PostgreSQL must run as; only root can live this case.
const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
(asRoot ? test : test.skip)('run as root from a folder the postgres user cannot enter (a checkout under /root): the app starts', async () => {
  const closed = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-root-'));
  fs.chmodSync(closed, 0o700);
  tmpDirs.push(closed);
  const app = startApp({ DATA_DIR: path.join(closed, 'data'), EMBEDDED_PG_PORT: String(await freePort()), PORT: String(await freePort()) });
  let movedTo: string | undefined;
  try {
    await running(app, 120_000);
    const said = `${app.out()}${app.err()}`;
    movedTo = /keeps its data in (\/var\/lib\/campaign-crm\/data-[0-9a-f]+)/.exec(said)?.[1];
    expect(movedTo).toBeDefined(); // the log says where the data went
    expect(fs.existsSync(path.join(movedTo!, 'PG_VERSION'))).toBe(true);
    expect(said).not.toMatch(/EACCES|\n\s+at /);
  } finally {
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    if (movedTo) fs.rmSync(movedTo, { recursive: true, force: true });
  }
}, 180_000);
