/** The real entry point (src/main.ts) as its own process, for start-up and shutdown tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

export interface AppProcess {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

/** Starts `node --import tsx src/main.ts` with only the given settings (plus test-friendly defaults). */
export function startAppProcess(env: Record<string, string>): AppProcess {
  let out = '';
  let err = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), NODE_ENV: 'test', LOG_LEVEL: 'warn', BCRYPT_ROUNDS: '4', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out: () => out, err: () => err, exited };
}

/** Waits until the app says it runs, or fails with what it printed. */
export async function untilRunning(app: AppProcess, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (app.out().includes('Campaign CRM is running')) return;
    if (app.child.exitCode !== null) throw new Error(`the app exited (${app.child.exitCode}): ${app.err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the app did not start: ${app.out()} ${app.err()}`);
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}
