/**
 * The statistics dashboard in a real Chromium: each role logs in and sees the charts drawn (canvas painted), a
 * filter changes the figures and lands in the URL, Export CSV downloads the shown table with a BOM, formulas neutralised.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeCustomer, makeLead, makeUser } from '../support/factories.js';
import { launchBrowser, logIn, openSession } from './browser.js';

const FIRST_LOAD_MS = 60_000;

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  const search = await makeCampaign(t.ds, { name: '=Поиск весна', channel: 'search', budget: '1000.00' });
  const social = await makeCampaign(t.ds, { name: `Соцсети,=1+2;=cmd|' /C calc'!A0`, channel: 'social', budget: '0.00' });
  for (let i = 0; i < 3; i++) await makeLead(t.ds, { campaignId: search.id });
  await makeCustomer(t.ds, { campaignId: search.id, amount: '1234567.80' });
  await makeLead(t.ds, { campaignId: social.id });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** Waits until `read()` satisfies `ok`, then returns the value (or the last one, for the failure message). */
async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeout = 10_000): Promise<T> {
  const end = Date.now() + timeout;
  let v = await read();
  while (!ok(v) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    v = await read();
  }
  return v;
}

/** A canvas counts as drawn when some pixel is not transparent. */
const painted = (page: Page, testId: string) =>
  page.locator(`[data-testid="${testId}"] canvas`).evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
    return false;
  });

describe('statistics dashboard', () => {
  for (const [i, role] of (['admin', 'operator', 'marketer', 'manager'] as const).entries()) {
    it(`${role}: charts drawn, a filter changes the figures and the URL, CSV exported`, async () => {
      const user = await makeUser(t.ds, [role]);
      const { context, page, log } = await openSession(browser, 15_000);
      const loadMs = i === 0 ? FIRST_LOAD_MS : 20_000;
      try {
        await logIn(page, t.baseUrl, user, '/admin', { firstLoadMs: loadMs, pageLoadMs: loadMs });
        await page.locator('[data-testid="dashboard-totals"]').waitFor({ timeout: loadMs });
        expect(await page.locator('[data-testid="total-leads"]').innerText()).toMatch(/5/);
        expect(await page.locator('[data-testid="total-revenue"]').innerText()).toMatch(/1[\s\u00a0\u202f]234[\s\u00a0\u202f]567,80[\s\u00a0]₽/);
        for (const chart of ['chart-leads', 'chart-revenue', 'chart-conversion']) {
          expect([chart, await until(() => painted(page, chart), Boolean)]).toEqual([chart, true]);
        }
        expect(await page.locator('[data-testid="stats-row"]').count()).toBe(2);
        // The top customer is named for everyone, but a link is drawn only where the role may follow it.
        const topRow = page.locator('[data-testid="top-customers"] tbody tr');
        expect(await topRow.count()).toBe(1);
        const mayOpenCustomers = role === 'admin' || role === 'manager';
        expect(await topRow.locator('a[href*="/resources/customers/"]').count()).toBe(mayOpenCustomers ? 1 : 0);
        expect(await topRow.locator('a[href*="/resources/campaigns/"]').count()).toBe(1);

        await page.locator('#stats-channel').selectOption('social');
        expect(await until(() => page.locator('[data-testid="stats-row"]').count(), (n) => n === 1)).toBe(1);
        expect(await page.locator('[data-testid="total-leads"]').innerText()).toMatch(/\n1$/);
        expect(page.url()).toContain('channel=social');

        await page.locator('#stats-channel').selectOption('');
        expect(await until(() => page.locator('[data-testid="stats-row"]').count(), (n) => n === 2)).toBe(2);
        const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-csv"]').click()]);
        const csv = fs.readFileSync((await download.path())!, 'utf8');
        expect(csv.startsWith('\uFEFF')).toBe(true);
        expect(csv).toContain(`'=Поиск весна`);
        // Opened with either list separator (`,` or `;`), no cell starts a formula.
        expect(csv).toContain(`"Соцсети,'=1+2;'=cmd|' /C calc'!A0"`);
        // A Russian Excel splits on `;` and reads decimal commas; money and percentages are numbers, not text.
        const [header, ...lines] = csv.slice(1).split('\r\n').filter(Boolean);
        expect(header).toBe('ID;Кампания;Канал;Статус;Лиды;Клиенты;"Конверсия, %";Выручка;Бюджет;"ROI, %"');
        expect(lines).toHaveLength(3); // two campaigns, total
        expect(lines.find((l) => l.includes('Поиск весна'))).toMatch(/;4;1;25;"1234567,8";1000;"123356,78"$/);
        expect(download.suggestedFilename()).toBe('статистика-кампаний.csv');
        expect(await page.getByText('Лиды и клиенты: топ-2 кампании по лидам').count()).toBe(1);
        expect(log.errors).toEqual([]);
      } finally {
        await context.close();
      }
    }, 150_000);
  }

  it('a period that ends before it starts is named as the problem and no stale figures stay on screen', async () => {
    const user = await makeUser(t.ds, ['marketer']);
    const { context, page, log } = await openSession(browser, 15_000);
    try {
      await logIn(page, t.baseUrl, user, '/admin', { firstLoadMs: 20_000, pageLoadMs: 20_000 });
      await page.locator('[data-testid="dashboard-totals"]').waitFor({ timeout: 20_000 });
      await page.locator('#stats-to').fill('2026-01-01');
      await page.locator('#stats-from').fill('2026-02-01');
      await page.locator('[data-testid="period-error"]').waitFor({ timeout: 5_000 });
      expect(await page.locator('[data-testid="period-error"]').innerText()).toContain('Дата «по» раньше даты «с»');
      expect(await page.locator('[data-testid="dashboard-totals"]').count()).toBe(0);
      expect(await page.locator('[data-testid="stats-row"]').count()).toBe(0);
      expect(await page.locator('text=Проверьте правильность').count()).toBe(0);

      // Putting the period right brings the figures back.
      await page.locator('#stats-to').fill('');
      await page.locator('[data-testid="dashboard-totals"]').waitFor({ timeout: 10_000 });
      expect(await page.locator('[data-testid="period-error"]').count()).toBe(0);
      expect(log.errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('in English the export is comma-separated with decimal points and the headings use English plurals', async () => {
    const user = await makeUser(t.ds, ['manager']);
    const { context, page, log } = await openSession(browser, 15_000);
    try {
      await logIn(page, t.baseUrl, user, '/admin', { firstLoadMs: 20_000, pageLoadMs: 20_000 });
      await page.goto(`${t.baseUrl}/admin?lng=en`);
      await page.locator('[data-testid="dashboard-totals"]').waitFor({ timeout: 20_000 });
      expect(await page.getByText('Leads and customers: top 2 campaigns by leads').count()).toBe(1);
      // money in the configured currency (RUB here) written the English way
      expect(await page.locator('[data-testid="total-revenue"]').innerText()).toMatch(/₽1,234,567\.80$/);
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-csv"]').click()]);
      const csv = fs.readFileSync((await download.path())!, 'utf8');
      const [header, ...lines] = csv.slice(1).split('\r\n').filter(Boolean);
      expect(header).toBe('ID,Campaign,Channel,Status,Leads,Customers,"Conversion, %",Revenue,Budget,"ROI, %"');
      expect(lines.find((l) => l.includes('Поиск весна'))).toMatch(/,4,1,25,1234567.8,1000,123356.78$/);
      expect(download.suggestedFilename()).toBe('campaign-statistics.csv');

      // the dashboard asks the API in the panel's language (the browser's is Russian): its refusal is English
      await page.goto(`${t.baseUrl}/admin?lng=en&from=2026-13-01`);
      await page.getByText('A date as YYYY-MM-DD').first().waitFor({ timeout: 20_000 });
      expect(await page.locator('[data-css="app-content"]').innerText()).not.toMatch(/ГГГГ/);
      expect(log.errors.filter((e) => !/status of 422/.test(e))).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);
});

describe('another currency (CURRENCY=USD)', () => {
  let usd: TestApp;
  beforeAll(async () => {
    usd = await startTestApp({ CURRENCY: 'USD' }, { reset: false });
  }, 60_000);
  afterAll(() => usd?.close());

  it('money on the dashboard is in dollars, in the form of the panel language', async () => {
    const user = await makeUser(t.ds, ['marketer']);
    const { context, page, log } = await openSession(browser, 15_000);
    try {
      await logIn(page, usd.baseUrl, user, '/admin', { firstLoadMs: FIRST_LOAD_MS, pageLoadMs: FIRST_LOAD_MS });
      const revenue = page.locator('[data-testid="total-revenue"]');
      await revenue.waitFor({ timeout: FIRST_LOAD_MS });
      expect(await revenue.innerText()).toMatch(/1[\s\u00a0\u202f]234[\s\u00a0\u202f]567,80[\s\u00a0]\$$/);
      expect(await page.locator('[data-testid="stats-table"]').innerText()).not.toContain('₽');
      await page.screenshot({ path: '/tmp/e2e-dashboard-usd.png', fullPage: true });
      await page.goto(`${usd.baseUrl}/admin?lng=en`);
      await page.getByText('Leads and customers: top 2 campaigns by leads').waitFor({ timeout: 20_000 });
      expect(await revenue.innerText()).toMatch(/\$1,234,567\.80$/);
      expect(await page.locator('[data-testid="total-budget"]').innerText()).toMatch(/\$1,000\.00$/);
      expect(log.errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 150_000);
});
