// `npm start`: builds when dist/ is missing or older than the sources, then runs the compiled app in production mode.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent } from './build-state.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

if (!buildIsCurrent(root)) {
  console.log('Building the app (first start or sources changed)…');
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}

const env = { ...process.env, NODE_ENV: process.env.NODE_ENV ?? 'production', ADMIN_JS_SKIP_BUNDLE: 'true' };
if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) {
  // A local `npm start` keeps a generated secret in the data folder, so sessions survive restarts.
  const dataDir = path.resolve(root, env.DATA_DIR ?? '.data');
  const secretFile = path.join(dataDir, 'session-secret');
  fs.mkdirSync(dataDir, { recursive: true });
  if (!fs.existsSync(secretFile)) fs.writeFileSync(secretFile, (await import('node:crypto')).randomBytes(32).toString('hex'), { mode: 0o600 });
  env.SESSION_SECRET = fs.readFileSync(secretFile, 'utf8').trim();
}
// The app gets its own process group and its signals from here only: a Ctrl+C reaches this script twice (from the
// terminal and from npm) and the app stops at once on a second signal, so one burst is passed on once.
// The app survives errors in requests by itself; should it still die after it has been serving a while (out of
// memory, a native crash), it is started again. One that dies soon after starting (bad config, no database) is not.
const SERVED_LONG_ENOUGH_MS = 30_000;
let child;
let stopping = false;
function run() {
  const startedAt = Date.now();
  child = spawn(process.execPath, ['dist/src/main.js'], { stdio: 'inherit', env, detached: true });
  child.on('exit', (code, signal) => {
    if (!stopping && code !== 0 && Date.now() - startedAt >= SERVED_LONG_ENOUGH_MS) {
      console.error(`The app stopped unexpectedly (${signal ?? `exit code ${code}`}); starting it again.`);
      return run();
    }
    process.exit(code ?? (signal ? 1 : 0));
  });
}
run();
let lastSignalAt = 0;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    stopping = true;
    if (Date.now() - lastSignalAt < 1000) return;
    lastSignalAt = Date.now();
    child.kill(signal);
  });
}
