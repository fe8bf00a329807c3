/**
 * Launches the system Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) through playwright-core for
 * end-to-end tests. Browsers can't be downloaded here, so a missing binary is a hard failure with a clear
 * message, never a silent skip.
 */
import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  try {
    fs.accessSync(CHROMIUM_PATH, fs.constants.X_OK);
  } catch {
    throw new Error(
      `Chromium not found or not executable at ${CHROMIUM_PATH}. Install Debian's "chromium" package ` +
        `(apt-get install chromium) or set CHROMIUM_PATH to a Chromium/Chrome binary. End-to-end tests can't run without it.`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
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

/** Console errors and uncaught exceptions; errors caused by the blocked external requests are left out. */
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
