/**
 * «Мои лиды» by clicking, in a real Chromium: a manager takes a new lead with «Взять в работу» (confirming), the
 * lead's page shows it in progress with them responsible, and the sidebar's «Мои лиды» (with its counter) opens
 * their working leads, where it is, and not another manager's lead. Screenshots: /tmp/e2e-my-leads-*.png.
 */
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeLead, makeUser } from '../support/factories.js';
import { actionButton, expectText, logIn, openSession, screenshots, startAppAndBrowser } from './browser.js';

const FIRST_LOAD_MS = 90_000;
const PAGE_LOAD_MS = 20_000;
const STEP_MS = 8_000;

let t: TestApp;
let browser: Browser;
let manager: { email: string; password: string; id: number };
let lead: { id: string };
let othersLead: { id: string };

beforeAll(async () => {
  [t, browser] = await startAppAndBrowser(startTestApp());
  manager = await makeUser(t.ds, ['manager']);
  const other = await makeUser(t.ds, ['manager']);
  const campaign = await makeCampaign(t.ds, { status: 'active', name: 'Осенняя кампания' });
  lead = await makeLead(t.ds, { campaignId: campaign.id });
  othersLead = await makeLead(t.ds, { campaignId: campaign.id, status: 'in_progress' });
  await t.ds.query(`UPDATE leads SET assignee_id = $1 WHERE id = $2`, [other.id, othersLead.id]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const shot = screenshots('my-leads');

it('a manager takes a lead and finds it in «Мои лиды»', async () => {
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, manager, `/admin/resources/leads/records/${lead.id}/show`);
    await page.getByTestId('property-show-status').waitFor({ timeout: FIRST_LOAD_MS });
    expect(await page.getByTestId('property-show-status').innerText()).toContain('Новый');
    // the sidebar counts the manager's working leads: none yet
    const myLeads = page.getByRole('link', { name: /^Мои лиды/ }).first();
    await myLeads.filter({ hasText: '(0)' }).waitFor({ timeout: PAGE_LOAD_MS });

    await actionButton(page, 'Взять в работу').click();
    await page.getByRole('button', { name: 'Подтвердить' }).click();
    await page.waitForURL(new RegExp(`/admin/resources/leads/records/${lead.id}/show`), { timeout: PAGE_LOAD_MS });
    await expectText(page, /В работе/);
    const [{ full_name: name }] = await t.ds.query(`SELECT full_name FROM users WHERE id = $1`, [manager.id]);
    await expectText(page, new RegExp(name));
    await shot(page, 'taken');
    expect(await actionButton(page, 'Взять в работу').count()).toBe(0);
    const [row] = await t.ds.query(`SELECT status::text, assignee_id FROM leads WHERE id = $1`, [lead.id]);
    expect(row).toEqual({ status: 'in_progress', assignee_id: manager.id });

    await myLeads.filter({ hasText: '(1)' }).waitFor({ timeout: PAGE_LOAD_MS });
    await myLeads.click();
    await page.waitForURL(/\/admin\/resources\/leads\?.*filters\.assigneeId=/, { timeout: PAGE_LOAD_MS });
    await page.locator(`[data-id="${lead.id}"]`).first().waitFor({ timeout: PAGE_LOAD_MS });
    await shot(page, 'list');
    expect(await page.locator(`[data-id="${othersLead.id}"]`).count()).toBe(0);
    // the full list is one click away (the sidebar's «Лиды»), and has the other manager's lead
    await page.getByRole('link', { name: 'Лиды', exact: true }).first().click();
    await page.waitForURL(/\/admin\/resources\/leads(\?(?!.*assigneeId).*)?$/, { timeout: PAGE_LOAD_MS });
    await page.locator(`[data-id="${othersLead.id}"]`).first().waitFor({ timeout: PAGE_LOAD_MS });

    // the dashboard's «Моя работа»: one open lead, its number a link to «Мои лиды»
    await page.goto(`${t.baseUrl}/admin`, { timeout: PAGE_LOAD_MS });
    const open = page.getByTestId('my-open-leads');
    await open.waitFor({ timeout: PAGE_LOAD_MS });
    expect((await page.getByTestId('my-work').innerText()).replace(/\s+/g, ' ')).toMatch(/^Моя работа Мои лиды в работе 1 /);
    await shot(page, 'my-work');
    await open.getByRole('link').click();
    await page.waitForURL(/\/admin\/resources\/leads\?.*filters\.status=working/, { timeout: PAGE_LOAD_MS });
    await page.locator(`[data-id="${lead.id}"]`).first().waitFor({ timeout: PAGE_LOAD_MS });

    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 240_000);
