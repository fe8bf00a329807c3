/**
 * `npm run bench -- page [--large] [--cold=3] [--warm=5]`: the dashboard in headless Chromium (the system one,
 * CHROMIUM_PATH, or the one packaged by @sparticuz/chromium) against the production build started by
 * `node scripts/start.mjs`, on the
 * bench database with the small data set unless --large, over localhost.
 * - page_login_flow: once, the whole path a user takes: open /admin, get the login form, log in, dashboard drawn;
 * - page_dashboard_cold: a fresh browser context (empty cache) logged in by the login form's POST, then /admin
 *   opened until the three charts are drawn (every canvas of chart-leads, chart-revenue and chart-conversion has
 *   a non-transparent pixel), timed in the page from navigation start; median of --cold runs;
 * - page_dashboard_warm: the same in a context that has loaded the dashboard once (HTTP cache filled); median of
 *   --warm runs;
 * - page_assets: JS and CSS bytes of a cold load as transferred (Chromium's encodedDataLength: compressed body plus
 *   headers) and decoded, and whether each carries a long-lived Cache-Control (max-age of 30 days or more).
 * No baseline (BENCHMARKS.md gives none). Requests to other hosts (AdminJS asks Google Fonts) fail at once, as in
 * an offline browser: the host resolver maps every other name to nothing; no request interception, which would
 * turn Chromium's HTTP cache off.
 */
import os from 'node:os';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../tests/e2e/browser.js';
import { generateDataset } from './dataset.js';
import { ensureBuild, numberArg, startProductionApp, type RunningApp } from './harness.js';
import { emit, median, openBenchDatabase, round, runBench } from './support.js';

const SIZE = process.argv.includes('--large') ? 'large' : 'small';
const COLD_RUNS = numberArg('cold', 3);
const WARM_RUNS = numberArg('warm', 5);
const TARGET_DRAWN_MS = 1500;
const TARGET_JS_CSS_BYTES = 1.5 * 1024 * 1024;
const LONG_LIVED_S = 30 * 86_400;
const CHARTS = ['chart-leads', 'chart-revenue', 'chart-conversion'];
const EMAIL = 'admin@example.com';
const PASSWORD = 'bench-password-1';

interface Transfer {
  url: string;
  type: string;
  status: number;
  encoded: number;
  decoded: number;
  fromCache: boolean;
  cacheControl: string;
  contentEncoding: string;
}

const launch = (): Promise<Browser> => launchBrowser(['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost']);

const newContext = (browser: Browser) => browser.newContext({ locale: 'ru-RU', timezoneId: 'Europe/Moscow', viewport: { width: 1400, height: 900 } });

/** Every network transfer of the page, from Chromium's own accounting (DevTools protocol). */
async function recordTransfers(page: Page): Promise<Transfer[]> {
  const cdp = await page.context().newCDPSession(page);
  const byId = new Map<string, Transfer>();
  const done: Transfer[] = [];
  cdp.on('Network.responseReceived', (e) => {
    const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    byId.set(e.requestId, {
      url: e.response.url,
      type: e.type ?? 'Other',
      status: e.response.status,
      encoded: 0,
      decoded: 0,
      fromCache: !!e.response.fromDiskCache || !!e.response.fromPrefetchCache,
      cacheControl: h['cache-control'] ?? '',
      contentEncoding: h['content-encoding'] ?? '',
    });
  });
  cdp.on('Network.requestServedFromCache', (e) => {
    const t = byId.get(e.requestId);
    if (t) t.fromCache = true;
  });
  cdp.on('Network.dataReceived', (e) => {
    const t = byId.get(e.requestId);
    if (t) t.decoded += e.dataLength;
  });
  cdp.on('Network.loadingFinished', (e) => {
    const t = byId.get(e.requestId);
    if (t) {
      t.encoded = e.encodedDataLength;
      done.push(t);
    }
  });
  await cdp.send('Network.enable');
  return done;
}

interface Timing {
  /** navigation start → every chart canvas painted */
  drawn: number;
  /** navigation start → DOMContentLoaded done (HTML parsed, the synchronous bundles run) */
  dcl: number;
  /** navigation start → the last /api/v1/stats response received */
  api: number;
}

/** Navigates to the dashboard and times it, in the page's clock (ms from navigation start). */
async function openDashboard(page: Page, baseUrl: string): Promise<Timing> {
  await page.goto(`${baseUrl}/admin`, { waitUntil: 'commit' });
  const at = await drawn(page);
  const [dcl, api] = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const stats = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((e) => e.name.includes('/api/v1/stats/'));
    return [nav.domContentLoadedEventEnd, Math.max(0, ...stats.map((e) => e.responseEnd))];
  });
  return { drawn: at, dcl, api };
}

async function drawn(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    (ids: string[]) => {
      for (const id of ids) {
        const canvases = Array.from(document.querySelectorAll<HTMLCanvasElement>(`[data-testid="${id}"] canvas`));
        if (!canvases.length) return false;
        for (const c of canvases) {
          if (!c.width || !c.height) return false;
          const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let painted = false;
          for (let i = 3; i < data.length; i += 4) {
            if (data[i] !== 0) {
              painted = true;
              break;
            }
          }
          if (!painted) return false;
        }
      }
      return performance.now();
    },
    CHARTS,
    { polling: 'raf', timeout: 60_000 },
  );
  return (await handle.jsonValue()) as number;
}

/** Logs the context in with the login form's POST (no page: the cache stays empty). */
async function logIn(context: BrowserContext, baseUrl: string): Promise<void> {
  const res = await context.request.post(`${baseUrl}/admin/login`, { form: { email: EMAIL, password: PASSWORD }, maxRedirects: 0 });
  if (res.status() !== 302) throw new Error(`login refused: HTTP ${res.status()}`);
}

const maxAge = (cc: string) => {
  const m = /(?:^|,)\s*max-age=(\d+)/i.exec(cc);
  return m ? Number(m[1]) : 0;
};

async function main() {
  const build = ensureBuild();
  const bench = await openBenchDatabase('page');
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  try {
    const info = await generateDataset(bench.url, SIZE);
    emit({ bench: 'dataset', ...info, target_seconds: 60 });
    // The first administrator is created by the app at start, from ADMIN_EMAIL / ADMIN_PASSWORD.
    app = await startProductionApp({ DATABASE_URL: bench.url, SESSION_SECRET: 'bench-secret-bench-secret-bench-secret', ADMIN_EMAIL: EMAIL, ADMIN_PASSWORD: PASSWORD });
    const base = app.baseUrl;
    browser = await launch();

    // The whole flow once, through the login form in the page.
    {
      const context = await newContext(browser);
      const page = await context.newPage();
      const t0 = performance.now();
      await page.goto(`${base}/admin`);
      await page.waitForURL(/\/admin\/login$/);
      await page.locator('input[name="email"]').fill(EMAIL);
      await page.locator('input[name="password"]').fill(PASSWORD);
      await Promise.all([page.waitForURL(`${base}/admin`, { waitUntil: 'commit' }), page.getByRole('button', { name: 'Войти' }).click()]);
      await drawn(page);
      emit({ bench: 'page_login_flow', size: SIZE, ms: round(performance.now() - t0, 0), counted: 'GET /admin → login page → form filled and sent (bcrypt cost 12) → dashboard drawn; empty cache; timed from this process' });
      await context.close();
    }

    // Cold: an empty cache each time. The first cold run's transfers are the byte count.
    const cold: Timing[] = [];
    let coldTransfers: Transfer[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const context = await newContext(browser);
      await logIn(context, base);
      const page = await context.newPage();
      const transfers = await recordTransfers(page);
      cold.push(await openDashboard(page, base));
      await page.waitForLoadState('load');
      if (i === 0) coldTransfers = transfers;
      await context.close();
    }

    // Warm: one context, the dashboard loaded once untimed, then a new page (same HTTP cache) per run.
    const warm: Timing[] = [];
    let warmTransfers: Transfer[] = [];
    {
      const context = await newContext(browser);
      await logIn(context, base);
      const first = await context.newPage();
      await openDashboard(first, base);
      await first.waitForLoadState('load');
      await first.close();
      for (let i = 0; i < WARM_RUNS; i++) {
        const page = await context.newPage();
        const transfers = await recordTransfers(page);
        warm.push(await openDashboard(page, base));
        await page.waitForLoadState('load');
        warmTransfers = transfers;
        await page.close();
      }
      await context.close();
    }

    for (const [name, xs] of [['page_dashboard_cold', cold], ['page_dashboard_warm', warm]] as const) {
      const drawnMs = xs.map((x) => x.drawn);
      const p50 = median(drawnMs);
      emit({
        bench: name,
        size: SIZE,
        runs: xs.length,
        drawn_ms: round(p50, 0),
        min_ms: round(Math.min(...drawnMs), 0),
        max_ms: round(Math.max(...drawnMs), 0),
        dom_content_loaded_ms: round(median(xs.map((x) => x.dcl)), 0),
        stats_api_done_ms: round(median(xs.map((x) => x.api)), 0),
        target_ms: TARGET_DRAWN_MS,
        meets_target: p50 <= TARGET_DRAWN_MS,
        counted: `navigation start of GET /admin (logged in) → HTML, JS, CSS, 3 stats API calls → all canvases of ${CHARTS.join(', ')} painted; in-page performance.now()`,
        loadavg_1m: round(os.loadavg()[0], 2),
      });
    }

    const local = (t: Transfer) => ['127.0.0.1', 'localhost'].includes(new URL(t.url).hostname);
    const isJsCss = (t: Transfer) => local(t) && (t.type === 'Script' || t.type === 'Stylesheet');
    const assets = coldTransfers.filter(isJsCss);
    const encoded = assets.reduce((a, t) => a + t.encoded, 0);
    const decoded = assets.reduce((a, t) => a + t.decoded, 0);
    const shortLived = assets.filter((t) => maxAge(t.cacheControl) < LONG_LIVED_S);
    const warmJsCss = warmTransfers.filter(isJsCss);
    emit({
      bench: 'page_assets',
      js_css_files: assets.length,
      js_css_transferred_bytes: encoded,
      js_css_transferred_kb: round(encoded / 1024, 1),
      js_css_decoded_bytes: decoded,
      all_transferred_bytes_cold: coldTransfers.filter(local).reduce((a, t) => a + t.encoded, 0),
      target_js_css_bytes: TARGET_JS_CSS_BYTES,
      meets_target: encoded <= TARGET_JS_CSS_BYTES,
      long_lived_rule: `Cache-Control max-age >= ${LONG_LIVED_S} s (30 days)`,
      all_long_lived: shortLived.length === 0,
      not_long_lived: shortLived.map((t) => ({ path: new URL(t.url).pathname, cache_control: t.cacheControl || null })),
      assets: assets.map((t) => ({ path: new URL(t.url).pathname, type: t.type, transferred: t.encoded, decoded: t.decoded, encoding: t.contentEncoding || null, cache_control: t.cacheControl || null })),
      warm_js_css_requests: warmJsCss.length,
      warm_js_css_from_cache: warmJsCss.filter((t) => t.fromCache).length,
      warm_js_css_transferred_bytes: warmJsCss.reduce((a, t) => a + (t.fromCache ? 0 : t.encoded), 0),
      build_before_run: build.built ? `built in ${build.build_seconds} s` : 'already current',
    });
  } finally {
    await browser?.close();
    await app?.stop();
    await bench.close();
  }
}

runBench(main);
