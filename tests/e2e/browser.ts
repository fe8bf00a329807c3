/**
 * Launches Chromium through playwright-core for end-to-end tests and the page bench: the system one when there is
 * one (CHROMIUM_PATH, else Debian's /usr/bin/chromium), otherwise the headless Chromium that the devDependency
 * @sparticuz/chromium ships inside its npm package (unpacked to the temp folder on first use, about 2 s), so
 * `npm install && npm test` needs nothing but Node. CHROMIUM_PATH=bundled forces the packaged one. No browser at
 * all is a hard failure with one sentence, never a silent skip.
 * Also what the browser tests share: starting the app with a browser, logging in, and reading or waiting for what
 * the panel's content area shows.
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Locator, type Page, type Response } from 'playwright-core';

const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
/** What every launch passes: no sandbox (root in CI), and nothing that calls home (this network is closed). */
const BASE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const isExecutable = (file: string) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export interface ChromiumBinary {
  executablePath: string;
  args: string[];
  source: 'CHROMIUM_PATH' | 'system' | '@sparticuz/chromium';
}

/** Which Chromium the tests drive, and the flags it needs. */
export async function findChromium(): Promise<ChromiumBinary> {
  const wanted = process.env.CHROMIUM_PATH;
  if (wanted && wanted !== 'bundled') {
    if (!isExecutable(wanted)) throw new Error(`CHROMIUM_PATH is set to ${wanted}, which is not an executable file: point it at a Chromium or Chrome binary, or unset it.`);
    return { executablePath: wanted, args: BASE_ARGS, source: 'CHROMIUM_PATH' };
  }
  const system = wanted === 'bundled' ? undefined : SYSTEM_CHROMIUMS.find(isExecutable);
  if (system) return { executablePath: system, args: BASE_ARGS, source: 'system' };
  let executablePath: string;
  try {
    const { default: packaged } = await import('@sparticuz/chromium');
    executablePath = await packaged.executablePath();
  } catch (e) {
    throw new Error(
      `No Chromium for the browser tests: none in CHROMIUM_PATH or ${SYSTEM_CHROMIUMS.join(', ')}, and the one from the npm package ` +
        `@sparticuz/chromium could not be unpacked (${(e as Error).message}); run npm install, install Debian's chromium, or set CHROMIUM_PATH.`,
    );
  }
  // The packaged build is a headless shell with software GL: it draws canvases (the dashboard's charts) through SwiftShader.
  return { executablePath, args: [...BASE_ARGS.filter((a) => a !== '--disable-gpu'), '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-zygote'], source: '@sparticuz/chromium' };
}

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  const binary = await findChromium();
  return chromium.launch({ executablePath: binary.executablePath, headless: true, args: [...binary.args, ...extraArgs] });
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** What the page said on the console and which requests failed, to report problems seen in the browser. */
export interface PageLog {
  errors: string[];
  blocked: string[];
}

/**
 * A context as a Russian user in Moscow sees the panel; requests to any non-local host (AdminJS asks Google
 * Fonts) are aborted so the tests stay offline and fast.
 */
export async function newContext(browser: Browser, log: PageLog = { errors: [], blocked: [] }): Promise<BrowserContext> {
  const context = await browser.newContext({
    locale: 'ru-RU',
    timezoneId: 'Europe/Moscow',
    viewport: { width: 1400, height: 900 },
  });
  await context.route('**/*', (route) => {
    const url = route.request().url();
    let host = '';
    try {
      const u = new URL(url);
      if (u.protocol === 'data:' || u.protocol === 'blob:') return route.continue();
      host = u.hostname;
    } catch {
      return route.continue();
    }
    if (LOCAL_HOSTS.has(host)) return route.continue();
    log.blocked.push(url);
    return route.abort('blockedbyclient');
  });
  context.on('page', (page) => watchPage(page, log));
  return context;
}

/** Console errors and uncaught exceptions; errors caused by blocked external requests are left out (those requests are in `blocked`). */
function watchPage(page: Page, log: PageLog): void {
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    const at = msg.location()?.url ?? '';
    if (/ERR_BLOCKED_BY_CLIENT/.test(text) || /fonts\.(googleapis|gstatic)\.com/.test(text + at)) return;
    log.errors.push(`[console] ${text}${at ? ` (${at})` : ''}`);
  });
  page.on('pageerror', (err) => log.errors.push(`[pageerror] ${err.message}`));
}

/** A context of its own for one test, its page, what the browser reported, and the server's 5xx answers. */
export interface Session {
  context: BrowserContext;
  page: Page;
  log: PageLog;
  serverErrors: string[];
}

/** Opens a session whose page waits `stepMs` by default; 5xx answers go to `serverErrors` (given or new). */
export async function openSession(browser: Browser, stepMs: number, serverErrors: string[] = []): Promise<Session> {
  const log: PageLog = { errors: [], blocked: [] };
  const context = await newContext(browser, log);
  const page = await context.newPage();
  page.setDefaultTimeout(stepMs);
  page.on('response', (r: Response) => {
    if (r.status() >= 500) serverErrors.push(`HTTP ${r.status()} from ${r.request().method()} ${new URL(r.url()).pathname}`);
  });
  return { context, page, log, serverErrors };
}

export interface LogInTimeouts {
  /**
   * For the first page and the panel's drawing: without a current build (PANEL_ASSETS=bundled) AdminJS bundles our
   * components on the first request of components.bundle.js and serves the unminified development bundles (~29 MB
   * of JS), which takes seconds.
   */
  firstLoadMs?: number;
  /** For the way back from the login form to `start`. */
  pageLoadMs?: number;
}

/**
 * Logs in through the form as a person does: opens `start` (a bookmarked address), is sent to the login form, fills
 * it in, and waits to be back on `start` with the panel's sidebar drawn. A refused or stuck login fails with what
 * the server answered and what the page shows (screenshot: /tmp/e2e-login-failed-<user>.png).
 */
export async function logIn(
  page: Page,
  baseUrl: string,
  user: { email: string; password: string },
  start = '/admin',
  { firstLoadMs = 45_000, pageLoadMs = 20_000 }: LogInTimeouts = {},
): Promise<void> {
  await page.goto(`${baseUrl}${start}`, { timeout: firstLoadMs });
  await page.waitForURL(/\/admin\/login$/);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  const [login] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/admin/login') && r.request().method() === 'POST'),
    page.getByRole('button', { name: 'Войти' }).click(),
  ]);
  try {
    if (login.status() !== 302) throw new Error('the login form was refused');
    await page.waitForURL(`${baseUrl}${start}`, { timeout: pageLoadMs, waitUntil: 'load' });
    await page.locator('[data-css="sidebar"]').waitFor({ timeout: firstLoadMs });
  } catch (e) {
    const name = user.email.split('@')[0];
    await page.screenshot({ path: `/tmp/e2e-login-failed-${name}.png` }).catch(() => undefined);
    const body = (await page.locator('body').innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 300);
    const loginPage = await page.request.get(`${baseUrl}/admin/login`).catch(() => null);
    const sent = login.request().headers();
    throw new Error(
      `login as ${user.email} did not open ${start}: POST /admin/login (origin ${sent.origin ?? '-'}, referer ${sent.referer ?? '-'}, ` +
        `page Referrer-Policy ${loginPage?.headers()['referrer-policy'] ?? '-'}) answered ${login.status()}, the page shows «${body}» ` +
        `(${(e as Error).message.split('\n')[0]})`,
    );
  }
}

/**
 * Starts the app under test (`starting`, e.g. `startTestApp()`) and Chromium side by side. An app that bundles the
 * panel itself (PANEL_ASSETS=bundled: no current build) is asked once for its component bundle, which AdminJS makes
 * on the first request of components.bundle.js (seconds) and would otherwise fall on the first page a test opens.
 * If one of the two fails to start, the other is closed before the error is thrown, so a failed `beforeAll` leaves
 * no browser or server behind.
 */
export async function startAppAndBrowser<A extends { baseUrl: string; close(): Promise<unknown>; config?: { panelAssets: string } }>(starting: Promise<A>): Promise<[A, Browser]> {
  const [app, browser] = await Promise.allSettled([starting, launchBrowser()]);
  if (app.status === 'rejected' || browser.status === 'rejected') {
    if (app.status === 'fulfilled') await app.value.close().catch(() => undefined);
    if (browser.status === 'fulfilled') await browser.value.close().catch(() => undefined);
    throw app.status === 'rejected' ? app.reason : (browser as PromiseRejectedResult).reason;
  }
  if (app.value.config?.panelAssets !== 'built') {
    await fetch(`${app.value.baseUrl}/admin/frontend/assets/components.bundle.js`).then((r) => r.arrayBuffer()).catch(() => undefined);
  }
  return [app.value, browser.value];
}

/** The panel's content area: the top bar, notices, breadcrumbs and the action, without the sidebar. */
export const CONTENT = '[data-css="app-content"]';

const literally = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));

/** The visible text of the content area, its white space collapsed to single spaces. */
export const contentText = async (page: Page): Promise<string> => (await page.locator(CONTENT).innerText()).replace(/\s+/g, ' ');

/**
 * Waits until the content area shows `pattern` (a string is taken literally), for `timeout` or the page's default
 * step; on failure says what the content area shows instead.
 */
export async function expectText(page: Page, pattern: RegExp | string, timeout?: number): Promise<void> {
  const re = typeof pattern === 'string' ? literally(pattern) : pattern;
  try {
    await page.locator(CONTENT).filter({ hasText: re }).waitFor({ timeout });
  } catch {
    throw new Error(`expected ${re} in «${(await contentText(page)).slice(0, 800)}»`);
  }
}

/** An action's button (or link) in the content area whose whole label is `label`, as a person reads it. */
export const actionButton = (page: Page, label: string) =>
  page.locator(CONTENT).locator('a, button').filter({ hasText: new RegExp(`^\\s*${literally(label).source}\\s*$`) }).first();

/**
 * Ticks (or unticks) a list's checkbox as a person does, with a click, and waits until the page shows it so. The
 * box's state is React's, drawn after the click: on a busy machine later than Playwright's check() looks (it then
 * fails with «did not change its state»). A click that left no trace after 3 s is lost and is made again.
 */
export async function tick(box: Locator, checked = true, timeout = 10_000): Promise<void> {
  /** Whether the box shows `checked` within `ms` (looked at every 50 ms: the row may be redrawn meanwhile). */
  const shows = async (ms: number) => {
    for (const until = Date.now() + ms; Date.now() < until; await box.page().waitForTimeout(50)) {
      if ((await box.isChecked()) === checked) return true;
    }
    return (await box.isChecked()) === checked;
  };
  if (await shows(0)) return;
  await box.click({ force: true });
  if (await shows(3_000)) return;
  await box.click({ force: true });
  if (!(await shows(timeout))) throw new Error(`the checkbox stayed ${checked ? 'unticked' : 'ticked'} after two clicks`);
}

/** Picks an option of a react-select (the design system's Select, input `#inputId`) by typing part of its label. */
export async function choose(page: Page, inputId: string, label: string): Promise<void> {
  const input = page.locator(`#${inputId}`);
  await input.click();
  await input.fill(label);
  const option = page.locator('[class*="-option"], [id*="-option-"]').filter({ hasText: label }).first();
  await option.waitFor();
  await option.click();
}

/** A test file's screenshots: `shot(page, name)` writes /tmp/e2e-<prefix>-<name>.png (the whole page with `fullPage`). */
export const screenshots =
  (prefix: string, { fullPage = false } = {}) =>
  (page: Page, name: string) =>
    page.screenshot({ path: `/tmp/e2e-${prefix}-${name}.png`, fullPage });
