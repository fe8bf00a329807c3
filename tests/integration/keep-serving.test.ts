import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { isErrorBody } from '../api/helpers.js';

/**
 * The process policy, in a process of its own (an uncaught error is the process's business, not jest's): an error
 * escaping a request is logged, that request gets a 500 in the error shape, and the same process keeps serving.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let child: ChildProcess;
let baseUrl: string;
const logLines: string[] = [];
const waiting: { test: (line: string) => boolean; resolve: () => void }[] = [];

/** Resolves once the server has logged a line that passes `test` (its log goes through a pipe of its own). */
function logged(test: (line: string) => boolean): Promise<void> {
  if (logLines.some(test)) return Promise.resolve();
  return new Promise((resolve) => waiting.push({ test, resolve }));
}

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', 'tests/fixtures/keep-serving/app.ts'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NODE_OPTIONS: '' } });
  const lines = readline.createInterface({ input: child.stdout! });
  baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the fixture server exited (${code}) before listening`)));
    lines.on('line', (line) => {
      const port = (JSON.parse(line) as { port?: number }).port;
      if (port) return resolve(`http://127.0.0.1:${port}`);
      logLines.push(line);
      for (const w of waiting.filter((w) => w.test(line))) w.resolve();
    });
  });
});

afterAll(() => {
  child?.kill();
});

async function stillServing(): Promise<void> {
  expect(child.exitCode).toBeNull();
  expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
}

it.each([['/body-stream-fails'], ['/timer-throws']])('an error escaping %s answers 500 in the error shape, is logged, and the process keeps serving', async (route) => {
  const res = await fetch(baseUrl + route, { method: 'POST', body: 'some body' });
  expect(res.status).toBe(500);
  expect(isErrorBody(await res.json())).toBe(true);
  await stillServing();
  await logged((l) => l.includes('"level":50') && l.includes(route));
});

it('a rejection nobody awaits is logged and the process keeps serving', async () => {
  const res = await fetch(`${baseUrl}/rejection-nobody-awaits`, { method: 'POST' });
  expect(res.status).toBe(200);
  await stillServing();
  await logged((l) => l.includes('unhandledRejection') && l.includes('rejected, never awaited'));
});
