// `npm run demo`: builds when dist/ is missing or older than the sources (as `npm start` does), then runs the
// compiled demo loader, which fills the database (embedded, or DATABASE_URL) with the demo company.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIsCurrent } from './build-state.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

if (!buildIsCurrent(root)) {
  console.log('Building the app (first run or sources changed)…');
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}

// The loader opens no sessions, but a production configuration insists on a secret being set.
const env = { ...process.env };
if (env.NODE_ENV === 'production' && !env.SESSION_SECRET) env.SESSION_SECRET = 'not-used-by-the-demo-loader-not-used';
const child = spawn(process.execPath, ['dist/src/demo/main.js', ...process.argv.slice(2)], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
