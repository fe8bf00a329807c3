// `npm run bench [-- name ...]`: runs bench/<name>.bench.ts (all of them without names), each printing one JSON
// object per measurement on its own line. Benchmarks use their own embedded PostgreSQL in .data/bench-pg unless
// DATABASE_URL is set (then they create and drop their own database on that server).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const available = fs.readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace(/\.bench\.ts$/, '')).sort();
const args = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = args.length ? args : available;
const unknown = chosen.filter((n) => !available.includes(n));
if (unknown.length) {
  console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Available: ${available.join(', ')}`);
  process.exit(2);
}
let failed = 0;
for (const name of chosen) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'bench', `${name}.bench.ts`), ...process.argv.slice(2).filter((a) => a.startsWith('-'))], {
    stdio: 'inherit',
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
