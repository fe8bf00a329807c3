/**
 * `npm run bench -- startup [--warm=5] [--cold=3]`: the real start command (`node scripts/start.mjs`, production,
 * embedded PostgreSQL in a temporary DATA_DIR, free ports) from spawn until GET /readyz answers 200:
 * - cold: from an empty data folder (PostgreSQL initialised and started, database created, migrated, first
 *   administrator created with the default bcrypt cost, session secret generated);
 * - warm: again on that folder (already initialised and migrated; PostgreSQL started, migrations checked).
 * The production build is made (or found current) before any run and is never counted; a run during which
 * start.mjs rebuilt anyway (sources touched meanwhile) is discarded and repeated.
 * Baseline in the same run: `node -e` starting a bare Express server, spawn until it answers 200, polled the
 * same way (every 10 ms). Also the app's RSS once ready: VmRSS of the dist/src/main.js process that start.mjs spawns.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appEnv, appServerPid, BARE_EXPRESS, ensureBuild, freePort, numberArg, rssMb, spawnQuiet, waitFor200 } from './harness.js';
import { emit, median, round, runBench } from './support.js';

const WARM_RUNS = numberArg('warm', 5);
const COLD_RUNS = numberArg('cold', 3);
const TARGET_WARM_S = 3;
const TARGET_COLD_S = 20;
const TARGET_RSS_MB = 300;

interface Run {
  seconds: number;
  appRssMb: number;
  launcherRssMb: number;
}

/** One start of the app on `dataDir`; retried when start.mjs had to build (that time is not a start). */
async function startOnce(dataDir: string, attempt = 1): Promise<Run> {
  const [port, pgPort] = [await freePort(), await freePort()];
  const env = appEnv({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'bench-password-1' });
  const t0 = performance.now();
  const app = spawnQuiet(process.execPath, ['scripts/start.mjs'], env);
  try {
    await waitFor200(`http://127.0.0.1:${port}/readyz`, app.child, 180_000);
    const seconds = (performance.now() - t0) / 1000;
    const appRssMb = rssMb(appServerPid(app.child.pid!));
    const launcherRssMb = rssMb(app.child.pid!);
    if (app.output().includes('Building the app')) {
      if (attempt >= 3) throw new Error('start.mjs rebuilt the app on three attempts in a row: are the sources being edited?');
      await app.stop();
      return startOnce(dataDir, attempt + 1);
    }
    return { seconds, appRssMb, launcherRssMb };
  } catch (e) {
    throw new Error(`${(e as Error).message}\n${app.output().slice(-3000)}`);
  } finally {
    await app.stop();
  }
}

/** A fresh, empty data folder the embedded PostgreSQL (run as the postgres user under root) can reach. */
function emptyDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-startup-'));
  fs.chmodSync(dir, 0o755);
  return dir;
}

async function bareStart(): Promise<number> {
  const port = await freePort();
  const t0 = performance.now();
  const bare = spawnQuiet(process.execPath, ['-e', BARE_EXPRESS], { ...process.env, NODE_ENV: 'production', BARE_PORT: String(port) });
  try {
    await waitFor200(`http://127.0.0.1:${port}/`, bare.child, 30_000);
    return (performance.now() - t0) / 1000;
  } finally {
    await bare.stop();
  }
}

const spread = (xs: number[]) => ({ min: round(Math.min(...xs), 2), max: round(Math.max(...xs), 2) });

async function main() {
  const build = ensureBuild();
  const dirs: string[] = [];
  try {
    const bare: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) bare.push(await bareStart());

    const cold: Run[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const dir = emptyDataDir();
      dirs.push(dir);
      cold.push(await startOnce(dir));
    }
    const warm: Run[] = [];
    for (let i = 0; i < WARM_RUNS; i++) warm.push(await startOnce(dirs[0]));

    const baseline = median(bare);
    const report = (name: string, runs: Run[], target: number, counted: string) => {
      const s = median(runs.map((r) => r.seconds));
      const rss = runs.map((r) => r.appRssMb);
      emit({
        bench: name,
        runs: runs.length,
        seconds: round(s, 2),
        ...spread(runs.map((r) => r.seconds)),
        target_seconds: target,
        meets_target: s <= target,
        app_rss_mb: median(rss),
        app_rss_mb_max: Math.max(...rss),
        target_rss_mb: TARGET_RSS_MB,
        meets_rss_target: Math.max(...rss) <= TARGET_RSS_MB,
        launcher_rss_mb: median(runs.map((r) => r.launcherRssMb)),
        baseline: 'node_e_bare_express_until_200',
        baseline_runs: bare.length,
        baseline_seconds: round(baseline, 3),
        ratio: round(s / baseline, 1),
        counted,
        loadavg_1m_at_end: round(os.loadavg()[0], 2),
        build_before_runs: build.built ? `built in ${build.build_seconds} s, not counted` : 'already current, not counted',
      });
    };
    report('startup_warm', warm, TARGET_WARM_S, 'spawn of node scripts/start.mjs → its node dist/src/main.js → embedded PostgreSQL start on an initialised folder → migrations checked → app built → listening → /readyz 200');
    report('startup_cold', cold, TARGET_COLD_S, 'spawn of node scripts/start.mjs on an empty DATA_DIR → session secret generated → initdb → PostgreSQL start → database created → all migrations → app built → first admin created (bcrypt cost 12) → listening → /readyz 200');
  } finally {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }
}

runBench(main);
