/**
 * A lead's history in a real Chromium (Russian locale, Moscow time): an operator edits the lead's phone and notes in
 * the panel's form, then a manager takes the lead («Взять в работу», confirmed) and converts it into a customer
 * through the Convert form. The lead's page shows each of these as a line of its history, newest first, in Russian,
 * each signed with the person's name and role. Screenshots: /tmp/e2e-history-lead-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeLead, makeService, makeUser } from '../support/factories.js';
import { actionButton, contentText, expectText, logIn, openSession, screenshots, startAppAndBrowser } from './browser.js';

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

const shot = screenshots('history-lead', { fullPage: true });
const field = (page: Page, property: string) => page.getByTestId(`property-edit-${property}`);
const WHEN = String.raw`\d\d\.\d\d\.\d{4} \d\d:\d\d`;

/** The lines of the history on the lead's page, as a person reads them. */
async function historyLines(page: Page, leadId: string): Promise<string[]> {
  await page.goto(`${t.baseUrl}/admin/resources/leads/records/${leadId}/show`, { timeout: PAGE_LOAD_MS });
  const history = page.getByTestId('record-history');
  await history.waitFor({ timeout: PAGE_LOAD_MS });
  await history.scrollIntoViewIfNeeded();
  return (await history.locator('li').allInnerTexts()).map((l) => l.replace(/\s+/g, ' ').trim());
}

/** When each of the lead's events happened, newest first, as the panel writes times (Moscow time). */
const eventTimes = async (leadId: string): Promise<string[]> =>
  (
    await t.ds.query(
      `SELECT to_char(at AT TIME ZONE 'Europe/Moscow', 'DD.MM.YYYY HH24:MI') AS at FROM record_events WHERE resource = 'leads' AND record_id = $1 ORDER BY id DESC`,
      [leadId],
    )
  ).map((r: { at: string }) => r.at);

it('an operator edits a lead, a manager takes it and converts it: the lead\'s page shows the three in its history, in Russian', async () => {
  const operator = await makeUser(t.ds, ['operator']);
  await t.ds.query(`UPDATE users SET full_name = 'Иванова Анна Сергеевна' WHERE id = $1`, [operator.id]);
  const manager = await makeUser(t.ds, ['manager']);
  await t.ds.query(`UPDATE users SET full_name = 'Петров Олег Игоревич' WHERE id = $1`, [manager.id]);
  const service = await makeService(t.ds, { name: 'Настройка рекламы', price: '15000.00' });
  const campaign = await makeCampaign(t.ds, { serviceId: service.id, name: 'Весенняя кампания' });
  const lead = await makeLead(t.ds, { campaignId: campaign.id, phone: '+79123456789' });
  await t.ds.query(`UPDATE leads SET last_name = 'Смирнова', first_name = 'Ольга', middle_name = 'Петровна' WHERE id = $1`, [lead.id]);

  // The operator edits the phone and the notes.
  const operatorSession = await openSession(browser, STEP_MS);
  try {
    const { page, log, serverErrors } = operatorSession;
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
    const lines = await historyLines(page, lead.id);
    await shot(page, 'edited');
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${WHEN} — Иванова А\\. С\\. \\(оператор\\): телефон \\+79123456789 → \\+79123456780; комментарий — → «Перезвонить в среду»$`)),
    ]);
    // The time is Moscow time, as everywhere in the panel.
    const [editedAt] = await eventTimes(lead.id);
    expect(lines[0].startsWith(`${editedAt} — `)).toBe(true);
    expect(await contentText(page)).toContain('История изменений');
    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await operatorSession.context.close();
  }

  // The manager takes the lead, then converts it.
  const managerSession = await openSession(browser, STEP_MS);
  try {
    const { page, log, serverErrors } = managerSession;
    await logIn(page, t.baseUrl, manager, `/admin/resources/leads/records/${lead.id}/show`, { firstLoadMs: FIRST_LOAD_MS, pageLoadMs: FIRST_LOAD_MS });
    await expectText(page, 'Новый', FIRST_LOAD_MS);
    await actionButton(page, 'Взять в работу').click();
    const [taken] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/admin/api/resources/leads/records/${lead.id}/take`) && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
      page.getByRole('button', { name: 'Подтвердить' }).click(),
    ]);
    expect(taken.status()).toBe(200);
    await page.waitForURL(new RegExp(`/admin/resources/leads/records/${lead.id}/show`), { timeout: PAGE_LOAD_MS });
    await expectText(page, 'В работе');

    await actionButton(page, 'Перевести в клиенты').click();
    await page.waitForURL(new RegExp(`/admin/resources/leads/records/${lead.id}/convert`), { timeout: PAGE_LOAD_MS });
    const form = page.getByTestId('convert-form');
    await form.locator('input[name="name"]').waitFor({ timeout: PAGE_LOAD_MS });
    await form.locator('input[name="name"]').fill('Договор на настройку');
    await form.locator('input[name="amount"]').fill('42000.50');
    await form.locator('input[name="signedOn"]').fill('2026-03-02');
    await form.locator('input[name="startsOn"]').fill('2026-03-10');
    await form.locator('input[name="endsOn"]').fill('2026-12-31');
    const [converted] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/records/${lead.id}/convert`) && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
      page.getByTestId('convert-submit').click(),
    ]);
    expect(converted.status()).toBe(200);
    await page.waitForURL(/\/admin\/resources\/customers\/records\/\d+\/show/, { timeout: PAGE_LOAD_MS }).catch(async (e) => {
      await shot(page, 'convert-failed');
      throw new Error(`not on the customer's page (at ${page.url()}, showing «${(await contentText(page)).slice(0, 500)}»): ${(e as Error).message.split('\n')[0]}`);
    });

    // Back on the lead's page: the conversion, the take, the edit, newest first, each signed by who did it.
    const lines = await historyLines(page, lead.id);
    await shot(page, 'converted');
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(`^${WHEN} — Петров О\\. И\\. \\(менеджер\\): перевод в клиенты: клиент «Смирнова Ольга Петровна», контракт «Договор на настройку»; статус «В работе» → «Стал клиентом»$`),
      ),
      expect.stringMatching(new RegExp(`^${WHEN} — Петров О\\. И\\. \\(менеджер\\): взял в работу: ответственный «Петров Олег Игоревич»; статус «Новый» → «В работе»$`)),
      expect.stringMatching(new RegExp(`^${WHEN} — Иванова А\\. С\\. \\(оператор\\): телефон \\+79123456789 → \\+79123456780; комментарий — → «Перезвонить в среду»$`)),
    ]);
    const times = await eventTimes(lead.id);
    expect(lines.map((l) => l.slice(0, l.indexOf(' — ')))).toEqual(times);

    // In the database: exactly these three events of the lead, by these people.
    const events = await t.ds.query(`SELECT action, actor_id FROM record_events WHERE resource = 'leads' AND record_id = $1 ORDER BY id`, [lead.id]);
    expect(events).toEqual([
      { action: 'edit', actor_id: operator.id },
      { action: 'take', actor_id: manager.id },
      { action: 'convert', actor_id: manager.id },
    ]);
    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await managerSession.context.close();
  }
}, 240_000);
