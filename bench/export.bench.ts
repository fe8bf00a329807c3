/**
 * `npm run bench -- export [--small] [--requests=N]`: the list export (GET /api/v1/leads/export, the code path the
 * panel's «Экспорт» uses) on the large set (1,000,000 leads; `--small`: the 10,000-lead set), against the production
 * app started by the real start command (built first when needed), downloaded by `curl` (so the client's work and
 * memory count nowhere). The app process's resident memory (VmRSS) is sampled every 10 ms during each export.
 *
 * Cases, chosen by rule, the same on every set:
 * - all: every lead, the list's default order (id descending);
 * - campaign_10pct: the leads of the campaign whose lead count is nearest 10% of all leads (a filtered export);
 * - campaign_1pct: the campaign nearest 1% (the small run whose peak RSS is compared with the full one's).
 *
 * Figures: CSV seconds against `psql \copy (<the export's own SELECT>) TO` of the same rows and columns, measured
 * in the same run (target: <= 3x); .xlsx rows/s (target: >= 50,000); the app process's peak RSS during the 1% and
 * the full CSV and .xlsx exports (target: <= 250 MB and flat); the panel's leads list p95 while a full CSV export
 * runs, against idle (`list_during_export`). Every file is checked: as many rows as psql wrote, ids in psql's order
 * (CSV), and for .xlsx the size of the sheet (read back with exceljs up to 20,000 rows).
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { generateDataset } from './dataset.js';
import { appServerPid, ensureBuild, numberArg, panelCookie, rssMb, sample, startProductionApp, type RunningApp } from './harness.js';
import { setDataSource } from '../src/db/current.js';
import { exportSql } from '../src/modules/export/export.service.js';
import { EXPORTS } from '../src/modules/export/export.columns.js';
import { hashPassword } from '../src/modules/users/passwords.js';
import { emit, median, openBenchDatabase, percentile, round, runBench } from './support.js';

const SMALL = process.argv.includes('--small');
const REQUESTS = numberArg('requests', 30);
const TARGET_CSV_RATIO = 3;
const TARGET_XLSX_ROWS_PER_S = 50_000;
const TARGET_RSS_MB = 250;
const TARGET_LIST_RATIO = 3;
const run = promisify(execFile);

/** Peak RSS (MB) of process `pid` while `fn` runs, sampled every 10 ms; 0 when no pid. */
async function measured<T>(pid: number | null, fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakRssMb: number; startRssMb: number }> {
  const rss = () => (pid ? rssMb(pid) : 0);
  const start = rss();
  let peak = start;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rss());
    } catch {
      // the process is gone: the export fails below
    }
  }, 10);
  const t0 = performance.now();
  try {
    const result = await fn();
    return { result, seconds: (performance.now() - t0) / 1000, peakRssMb: Math.max(peak, rss()), startRssMb: start };
  } finally {
    clearInterval(timer);
  }
}

/** Downloads url into file with curl (another process); answers the HTTP status and size. */
function curl(url: string, cookie: string, file: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-sS', '-o', file, '-w', '%{http_code} %{size_download}', '-H', `Cookie: ${cookie}`, url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      const [status, bytes] = out.trim().split(' ').map(Number);
      if (code !== 0) reject(new Error(`curl ${url}: exit ${code} ${err}`));
      else resolve({ status, bytes });
    });
  });
}

/** The first field of every line after the header (ids), reading the file as a stream. */
async function firstColumn(file: string): Promise<string[]> {
  const ids: string[] = [];
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    ids.push(line.slice(0, line.indexOf(';')));
  }
  return ids;
}

async function main() {
  const bench = await openBenchDatabase(`export_${SMALL ? 'small' : 'large'}`);
  const build = ensureBuild();
  if (build.built) emit({ bench: 'export', measure: 'build', seconds: build.build_seconds, note: 'built before any measurement, not counted' });
  let app: RunningApp | undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-export-bench-'));
  try {
    const info = await generateDataset(bench.url, SMALL ? 'small' : 'large');
    emit({ bench: 'dataset', ...info });
    const ds = bench.ds;
    const [{ n: total }] = await ds.query(`SELECT count(*)::int AS n FROM leads`);
    const nearest = async (share: number) => {
      const [row] = await ds.query(
        `SELECT campaign_id, count(*)::int AS n FROM leads GROUP BY campaign_id ORDER BY abs(count(*) - $1), campaign_id LIMIT 1`,
        [Math.round(total * share)],
      );
      return row as { campaign_id: number; n: number };
    };
    const ten = await nearest(0.1);
    const one = await nearest(0.01);

    // The export's own SELECT, for psql, is built here on the bench's data source.
    setDataSource(ds);
    await ds.query(`INSERT INTO users (email, full_name, roles, password_hash) VALUES ('bench@example.com', 'Bench', '{manager}', $1)`, [await hashPassword('bench-password-1', 4)]);
    app = await startProductionApp({ DATABASE_URL: bench.url, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret' });
    const base = app.baseUrl;
    const cookie = await panelCookie(base, 'bench@example.com', 'bench-password-1');
    const appPid = appServerPid(app.child.pid!);
    emit({ bench: 'export', measure: 'app_started', app_rss_mb: rssMb(appPid) });

    const cases = [
      { name: 'campaign_1pct', query: { campaignId: one.campaign_id } as Record<string, number>, rows: one.n },
      { name: 'campaign_10pct', query: { campaignId: ten.campaign_id } as Record<string, number>, rows: ten.n },
      { name: 'all', query: {} as Record<string, number>, rows: total },
    ];

    const results: Record<string, { csvPeak: number; xlsxPeak: number; rows: number; startRss: number }> = {};
    for (const c of cases) {
      // The baseline: psql's \copy of the very SELECT the export runs (its parameters are integers, written inline).
      const [sql, params] = exportSql(EXPORTS.leads, c.query);
      const inline = sql.replace(/\$(\d+)/g, (_, i) => String(Number(params[Number(i) - 1])));
      const psqlFile = path.join(dir, `${c.name}.psql.csv`);
      const psql = await measured(null, () => run('psql', [bench.url, '-X', '-q', '-c', `\\copy (${inline}) TO '${psqlFile}' WITH (FORMAT csv, HEADER, DELIMITER ';')`]));
      const psqlIds = await firstColumn(psqlFile);

      const qs = new URLSearchParams(Object.entries(c.query).map(([k, v]) => [k, String(v)]));
      const csvFile = path.join(dir, `${c.name}.csv`);
      const csv = await measured(appPid, () => curl(`${base}/api/v1/leads/export?format=csv&${qs}`, cookie, csvFile));
      if (csv.result.status !== 200) throw new Error(`${c.name} csv: HTTP ${csv.result.status}`);
      const csvIds = await firstColumn(csvFile);
      const sameRows = csvIds.length === psqlIds.length && csvIds.every((id, i) => id === psqlIds[i]);
      if (csvIds.length !== c.rows || !sameRows) throw new Error(`${c.name} csv: ${csvIds.length} rows, psql ${psqlIds.length}, expected ${c.rows}; same ids in order: ${sameRows}`);
      const ratio = csv.seconds / psql.seconds;
      emit({
        bench: 'export', case: c.name, format: 'csv', rows: c.rows, filter: qs.toString() || 'none',
        seconds: round(csv.seconds, 3), rows_per_s: Math.round(c.rows / csv.seconds), mb: round(csv.result.bytes / 1024 / 1024, 1),
        peak_rss_mb: csv.peakRssMb, rss_before_mb: csv.startRssMb, rss_growth_mb: csv.peakRssMb - csv.startRssMb,
        baseline: 'psql \\copy (same SELECT) TO file', baseline_seconds: round(psql.seconds, 3),
        baseline_mb: round(fs.statSync(psqlFile).size / 1024 / 1024, 1),
        ratio: round(ratio, 2), target_ratio: TARGET_CSV_RATIO, meets_target: ratio <= TARGET_CSV_RATIO,
        same_ids_in_order_as_psql: sameRows, loadavg_1m: round(os.loadavg()[0]),
      });
      fs.rmSync(psqlFile);
      fs.rmSync(csvFile);

      const xlsxFile = path.join(dir, `${c.name}.xlsx`);
      const xlsx = await measured(appPid, () => curl(`${base}/api/v1/leads/export?format=xlsx&${qs}`, cookie, xlsxFile));
      if (xlsx.result.status !== 200) throw new Error(`${c.name} xlsx: HTTP ${xlsx.result.status}`);
      let checkedRows: number | null = null;
      if (c.rows <= 20_000) {
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(xlsxFile);
        checkedRows = wb.worksheets[0].rowCount - 1;
        if (checkedRows !== c.rows) throw new Error(`${c.name} xlsx: ${checkedRows} rows, expected ${c.rows}`);
      }
      const rowsPerS = c.rows / xlsx.seconds;
      emit({
        bench: 'export', case: c.name, format: 'xlsx', rows: c.rows, filter: qs.toString() || 'none',
        seconds: round(xlsx.seconds, 3), rows_per_s: Math.round(rowsPerS), mb: round(xlsx.result.bytes / 1024 / 1024, 1),
        peak_rss_mb: xlsx.peakRssMb, rss_before_mb: xlsx.startRssMb, rss_growth_mb: xlsx.peakRssMb - xlsx.startRssMb, rows_read_back: checkedRows,
        target_rows_per_s: TARGET_XLSX_ROWS_PER_S, meets_target: rowsPerS >= TARGET_XLSX_ROWS_PER_S, loadavg_1m: round(os.loadavg()[0]),
      });
      fs.rmSync(xlsxFile);
      results[c.name] = { csvPeak: csv.peakRssMb, xlsxPeak: xlsx.peakRssMb, rows: c.rows, startRss: csv.startRssMb };
    }

    const small = results.campaign_1pct;
    const large = results.all;
    const peak = Math.max(large.csvPeak, large.xlsxPeak);
    emit({
      bench: 'export', measure: 'rss_flatness',
      rows_small: small.rows, peak_rss_mb_small: Math.max(small.csvPeak, small.xlsxPeak),
      rows_large: large.rows, peak_rss_mb_large: peak,
      growth: round(peak / Math.max(small.csvPeak, small.xlsxPeak)),
      rss_before_first_export_mb: small.startRss,
      target_peak_rss_mb: TARGET_RSS_MB, meets_target: peak <= TARGET_RSS_MB,
    });

    // The panel while a full export runs: the leads list's page 1, idle and then over and over during the export.
    const list = async () => {
      const res = await fetch(`${base}/admin/api/resources/leads/actions/list?page=1`, { headers: { cookie, accept: 'application/json' } });
      if (res.status !== 200) throw new Error(`list: HTTP ${res.status}`);
      await res.arrayBuffer();
    };
    const idle = await sample(REQUESTS, list);
    const busyFile = path.join(dir, 'busy.csv');
    let done = false;
    const exporting = curl(`${base}/api/v1/leads/export?format=csv`, cookie, busyFile).finally(() => (done = true));
    const during: number[] = [];
    while (!done) {
      const t0 = performance.now();
      await list();
      if (!done) during.push(performance.now() - t0);
    }
    await exporting;
    fs.rmSync(busyFile, { force: true });
    const ratio = during.length ? percentile(during, 95) / percentile(idle, 95) : null;
    emit({
      bench: 'export', measure: 'list_during_export', url: '/admin/api/resources/leads/actions/list?page=1',
      idle_p50_ms: round(median(idle)), idle_p95_ms: round(percentile(idle, 95)),
      during_requests: during.length, during_p50_ms: during.length ? round(median(during)) : null, during_p95_ms: during.length ? round(percentile(during, 95)) : null,
      ratio: ratio === null ? null : round(ratio), target_ratio: TARGET_LIST_RATIO, meets_target: ratio === null ? null : ratio <= TARGET_LIST_RATIO,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await app?.stop();
    await bench.close();
  }
}

runBench(main);
