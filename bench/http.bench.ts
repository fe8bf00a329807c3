/**
 * `npm run bench -- http [--large] [--seconds=10] [--connections=50]`: throughput under load. autocannon (in this
 * process) with 50 connections for 10 s against the production app started by `node scripts/start.mjs` (another
 * process, on the bench database with the small data set unless --large), authenticated with an API token
 * (`Authorization: Bearer …`, issued by the tokens service to an operator):
 * - GET /api/v1/stats/campaigns (no filter), and
 * - GET /api/v1/leads (the first page, default sort and size);
 * and, to read those ratios, GET /healthz (the app's middleware without database or authentication).
 * Baseline in the same run: a bare Express server (`node -e`, another process) answering a constant JSON body,
 * measured before and after the app (the ratio uses their mean). Reports requests/s, the ratio to the bare
 * handler, latency p50/p99, connection errors, timeouts and non-2xx answers. Each target gets a 2 s warm-up first.
 */
import os from 'node:os';
import autocannon from 'autocannon';
import { setDataSource } from '../src/db/current.js';
import { hashPassword } from '../src/modules/users/passwords.js';
import { issueToken } from '../src/modules/users/tokens.service.js';
import { generateDataset } from './dataset.js';
import { ensureBuild, numberArg, startBareExpress, startProductionApp, type RunningApp } from './harness.js';
import { emit, openBenchDatabase, round, runBench } from './support.js';

const SIZE = process.argv.includes('--large') ? 'large' : 'small';
const SECONDS = numberArg('seconds', 10);
const CONNECTIONS = numberArg('connections', 50);
const TARGET_RATIO = 0.25;

interface Load {
  rps: number;
  requests: number;
  ok: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  p50: number;
  p99: number;
}

async function load(url: string, headers: Record<string, string>, seconds: number, connections: number): Promise<Load> {
  const r = await autocannon({ url, headers, connections, duration: seconds, timeout: 10 });
  return {
    rps: r.requests.average,
    requests: r.requests.total,
    ok: r['2xx'],
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    p50: r.latency.p50,
    p99: r.latency.p99,
  };
}

async function main() {
  const build = ensureBuild();
  const bench = await openBenchDatabase('http');
  let app: RunningApp | undefined;
  let bare: RunningApp | undefined;
  try {
    const info = await generateDataset(bench.url, SIZE);
    emit({ bench: 'dataset', ...info, target_seconds: 60 });
    const ds = bench.ds;

    // An operator and an API token for them, issued by an administrator through the tokens service.
    const [admin] = await ds.query(`INSERT INTO users (email, full_name, roles, password_hash) VALUES ('admin@example.com', 'Admin', '{admin}', $1) RETURNING id`, [await hashPassword('bench-password-1', 4)]);
    const [operator] = await ds.query(`INSERT INTO users (email, full_name, roles, password_hash) VALUES ('bench@example.com', 'Bench', '{operator}', $1) RETURNING id`, [await hashPassword('bench-password-1', 4)]);
    setDataSource(ds);
    const { secret } = await issueToken({ id: admin.id, email: 'admin@example.com', roles: ['admin'] }, { userId: operator.id, name: 'bench' });
    const auth = { authorization: `Bearer ${secret}` };

    app = await startProductionApp({ DATABASE_URL: bench.url, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret' });
    bare = await startBareExpress();

    const targets = [
      // No database, no authentication: what the app's middleware stack alone allows (for reading the ratios).
      { name: 'http_app_healthz', url: `${app.baseUrl}/healthz`, headers: {} as Record<string, string> },
      { name: 'http_stats_campaigns', url: `${app.baseUrl}/api/v1/stats/campaigns`, headers: auth },
      { name: 'http_leads_list', url: `${app.baseUrl}/api/v1/leads`, headers: auth },
    ];
    for (const t of targets) {
      const res = await fetch(t.url, { headers: t.headers });
      if (res.status !== 200) throw new Error(`${t.url}: HTTP ${res.status} ${await res.text()}`);
    }

    const run = async (url: string, headers: Record<string, string> = {}) => {
      await load(url, headers, 2, 10); // warm-up, not counted
      return load(url, headers, SECONDS, CONNECTIONS);
    };
    const bareBefore = await run(`${bare.baseUrl}/`);
    const measured = [];
    for (const t of targets) measured.push({ ...t, result: await run(t.url, t.headers) });
    const bareAfter = await run(`${bare.baseUrl}/`);
    const bareRps = (bareBefore.rps + bareAfter.rps) / 2;

    for (const { name, url, result: r } of measured) {
      const ratio = r.rps / bareRps;
      const failures = r.errors + r.timeouts + r.non2xx;
      emit({
        bench: name,
        size: SIZE,
        url: new URL(url).pathname,
        auth: name === 'http_app_healthz' ? 'none' : 'api_token',
        connections: CONNECTIONS,
        seconds: SECONDS,
        requests_per_s: round(r.rps, 0),
        requests: r.requests,
        ok_2xx: r.ok,
        errors: r.errors,
        timeouts: r.timeouts,
        non_2xx: r.non2xx,
        latency_p50_ms: r.p50,
        latency_p99_ms: r.p99,
        baseline: 'bare_express_constant_json',
        baseline_requests_per_s: round(bareRps, 0),
        baseline_runs_requests_per_s: [round(bareBefore.rps, 0), round(bareAfter.rps, 0)],
        baseline_errors: bareBefore.errors + bareBefore.non2xx + bareAfter.errors + bareAfter.non2xx,
        ratio: round(ratio, 3),
        target_ratio: TARGET_RATIO,
        ...(name === 'http_app_healthz' ? { note: 'informational: the app without database or authentication' } : { meets_target: ratio >= TARGET_RATIO && failures === 0 }),
        loadavg_1m_at_end: round(os.loadavg()[0], 2),
        build_before_run: build.built ? `built in ${build.build_seconds} s` : 'already current',
      });
    }
  } finally {
    await bare?.stop();
    await app?.stop();
    await bench.close();
  }
}

runBench(main);
