/**
 * A lead's history in a real Chromium (Russian locale, Moscow time): an operator edits the lead's phone and notes in
 * the panel's form, and the lead's page shows the change as a line of its history, in Russian, signed with the
 * operator's name and role. Screenshot: /tmp/e2e-history-lead.png.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeLead, makeUser } from '../support/factories.js';
import { logIn, openSession, startAppAndBrowser } from './browser.js';

const FIRST_LOAD_MS = 60_000;
const PAGE_LOAD_MS = 30_000;
const STEP_MS = 15_000;

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await startAppAndBrowser(startTestApp());
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const field = (page: Page, property: string) => page.getByTestId(`property-edit-${property}`);

it('an operator edits a lead in the panel and its page shows the change in its history, in Russian', async () => {
  const operator = await makeUser(t.ds, ['operator']);
  await t.ds.query(`UPDATE users SET full_name = 'Иванова Анна Сергеевна' WHERE id = $1`, [operator.id]);
  const campaign = await makeCampaign(t.ds, { name: 'Весенняя кампания' });
  const lead = await makeLead(t.ds, { campaignId: campaign.id, phone: '+79123456789' });
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, operator, `/admin/resources/leads/records/${lead.id}/edit`, { firstLoadMs: FIRST_LOAD_MS, pageLoadMs: FIRST_LOAD_MS });
    await field(page, 'notes').locator('textarea').waitFor({ timeout: FIRST_LOAD_MS });
    await field(page, 'phone').locator('input').first().fill('8 912 345-67-80');
    await field(page, 'notes').locator('textarea').fill('Перезвонить в среду');
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/admin/api/resources/leads/records/${lead.id}/edit`) && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
      page.getByTestId('button-save').click(),
    ]);
    expect((await saved.json()).record.errors).toEqual({});

    // AdminJS goes back to the lead's page after a save; open it anyway, as a person coming back later would.
    await page.goto(`${t.baseUrl}/admin/resources/leads/records/${lead.id}/show`, { timeout: PAGE_LOAD_MS });
    const history = page.getByTestId('record-history');
    await history.waitFor({ timeout: PAGE_LOAD_MS });
    await history.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/e2e-history-lead.png', fullPage: true });
    const lines = (await history.locator('li').allInnerTexts()).map((l) => l.replace(/\s+/g, ' ').trim());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^\d\d\.\d\d\.\d{4} \d\d:\d\d — Иванова А\. С\. \(оператор\): телефон \+79123456789 → \+79123456780; комментарий — → «Перезвонить в среду»$/,
    );
    // The time is Moscow time, as everywhere in the panel.
    const [{ at }] = await t.ds.query(`SELECT to_char(at AT TIME ZONE 'Europe/Moscow', 'DD.MM.YYYY HH24:MI') AS at FROM record_events WHERE record_id = $1`, [lead.id]);
    expect(lines[0].startsWith(at)).toBe(true);
    expect(await page.locator('[data-css="app-content"]').innerText()).toContain('История изменений');
    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 180_000);
