/**
 * Cards and lists read as an office user expects, in a real Chromium: phones as people write them and as `tel:`
 * links, e-mails as `mailto:` links, dates as `01.12.2026 10:48`, fields without a value left off the card.
 */
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeLead, makeUser } from '../support/factories.js';
import { launchBrowser, logIn, openSession } from './browser.js';

let t: TestApp;
let browser: Browser;
let leadId: string;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  ({ id: leadId } = await makeLead(t.ds, { phone: '+79123456789', email: 'anna@example.com' }));
  await t.ds.query(`UPDATE leads SET created_at = '2026-03-05 10:48:00+03', notes = '' WHERE id = $1`, [leadId]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const dateTime = /05\.03\.2026 \d{2}:48/; // the wall-clock hour follows the browser's time zone

it('a lead in the list and on its card: formatted phone and e-mail links, Russian dates, no empty fields', async () => {
  const user = await makeUser(t.ds, ['operator']);
  const { context, page, log } = await openSession(browser, 15_000);
  try {
    await logIn(page, t.baseUrl, user, '/admin/resources/leads', { firstLoadMs: 60_000, pageLoadMs: 30_000 });
    const row = page.locator('table tbody tr', { hasText: 'anna@example.com' });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.locator('a[href="tel:+79123456789"]').innerText()).toBe('+7 912 345-67-89');
    expect(await row.locator('a[href="mailto:anna@example.com"]').count()).toBe(1);
    expect(await row.innerText()).toMatch(dateTime);
    expect(await row.innerText()).not.toMatch(/2026-03-05/);

    await page.goto(`${t.baseUrl}/admin/resources/leads/records/${leadId}/show`);
    await page.locator('a[href="tel:+79123456789"]').waitFor({ timeout: 20_000 });
    const text = await page.locator('body').innerText();
    expect(text).toContain('+7 912 345-67-89');
    expect(await page.locator('a[href="mailto:anna@example.com"]').innerText()).toBe('anna@example.com');
    expect(text).toMatch(dateTime);
    // a new lead was never lost, has no customer and no comment: those labels are not on its card
    for (const label of ['Причина отказа', 'Комментарий', 'Клиент', 'Пакет импорта']) expect([label, text.includes(`${label}\n`)]).toEqual([label, false]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 150_000);
