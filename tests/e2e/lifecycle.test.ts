/**
 * The lifecycle by clicking, in a real Chromium (Russian locale, Moscow time): a manager converts a lead into a
 * customer through the Convert form (with a PDF through the drop zone) and lands on the customer's page; a
 * marketer launches and finishes a campaign with the record action buttons and their confirmation dialogs.
 * What the database holds afterwards is checked too. Screenshots: /tmp/e2e-lifecycle-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeLead, makeService, makeUser } from '../support/factories.js';
import { actionButton, contentText, expectText, logIn, openSession, screenshots, startAppAndBrowser } from './browser.js';

// The first page waits for AdminJS to bundle our components (development bundles, several seconds).
const FIRST_LOAD_MS = 45_000;
const PAGE_LOAD_MS = 20_000;
const STEP_MS = 8_000;
/** Spaces Intl puts in Russian numbers: ordinary, no-break, narrow no-break. */
const SP = '[\\s\\u00a0\\u202f]';
const money = (int: string, frac: string) => new RegExp(`${int.replace(/ /g, SP)},${frac}${SP}?₽`);

let t: TestApp;
let browser: Browser;
let manager: { email: string; password: string; id: number };
let marketer: { email: string; password: string; id: number };
let lead: { id: string; campaignId: number };
let draft: { id: number };

beforeAll(async () => {
  [t, browser] = await startAppAndBrowser(startTestApp());
  manager = await makeUser(t.ds, ['manager']);
  marketer = await makeUser(t.ds, ['marketer']);
  const service = await makeService(t.ds, { name: 'Настройка рекламы', price: '15000.00' });
  const active = await makeCampaign(t.ds, { serviceId: service.id, status: 'active', name: 'Весенняя кампания' });
  lead = await makeLead(t.ds, { campaignId: active.id, status: 'new' });
  draft = await makeCampaign(t.ds, { serviceId: service.id, status: 'draft', name: 'Летняя кампания' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const shot = screenshots('lifecycle');

/** The status shown on a record's page. */
const shownStatus = (page: Page) => page.getByTestId('property-show-status');

it('a manager converts a lead: fills the contract form, uploads a PDF, lands on the new customer', async () => {
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, manager, `/admin/resources/leads/records/${lead.id}/show`);
    await expectText(page, 'Новый', FIRST_LOAD_MS);
    await shot(page, 'lead-show');

    await actionButton(page, 'Перевести в клиенты').click();
    await page.waitForURL(new RegExp(`/admin/resources/leads/records/${lead.id}/convert`));
    const form = page.getByTestId('convert-form');
    await form.locator('input[name="name"]').waitFor({ timeout: PAGE_LOAD_MS });
    // the breadcrumbs name the action in Russian too
    expect(await page.locator('[data-css$="-breadcrumbs"]').innerText()).toContain('Перевести в клиенты');
    // defaults: the campaign's service, its price
    await expectText(page, 'Настройка рекламы');
    expect(await form.locator('input[name="amount"]').inputValue()).toMatch(/^15000(\.00)?$/);

    await form.locator('input[name="name"]').fill('Договор на настройку');
    await form.locator('input[name="amount"]').fill('42000.50');
    await form.locator('input[name="signedOn"]').fill('2026-03-02');
    await form.locator('input[name="startsOn"]').fill('2026-03-10');
    await form.locator('input[name="endsOn"]').fill('2026-12-31');
    await form.locator('input[type=file]').setInputFiles({
      name: 'договор.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
    });
    await expectText(page, 'договор.pdf');
    await shot(page, 'convert-form');

    const [submitted] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/records/${lead.id}/convert`) && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
      page.getByTestId('convert-submit').click(),
    ]);
    expect(submitted.status()).toBe(200);
    await page.waitForURL(/\/admin\/resources\/customers\/records\/\d+\/show/, { timeout: PAGE_LOAD_MS }).catch(async (e) => {
      await shot(page, 'convert-failed');
      throw new Error(`not on the customer's page (at ${page.url()}, showing «${(await contentText(page)).slice(0, 500)}»): ${(e as Error).message.split('\n')[0]}`);
    });
    const customerId = Number(page.url().match(/customers\/records\/(\d+)\/show/)![1]);
    await page.getByTestId('related-contractsCount').waitFor({ timeout: PAGE_LOAD_MS });
    await shot(page, 'customer-show');
    expect((await page.getByTestId('related-contractsCount').innerText()).trim()).toMatch(/^1\b/);
    expect(await page.getByTestId('related-contractsCount').getAttribute('href')).toBe(`/admin/resources/contracts?filters.customerId=${customerId}`);
    await expectText(page, 'Объём продаж');
    await expectText(page, money('42 000', '50'));

    // in the database: the customer over this lead, its contract with the document, the lead converted
    const [customer] = await t.ds.query(`SELECT id, lead_id::text, converted_by_id FROM customers`);
    expect(customer).toEqual({ id: customerId, lead_id: lead.id, converted_by_id: manager.id });
    const contracts = await t.ds.query(
      `SELECT c.name, c.amount, c.signed_on::text, c.starts_on::text, c.ends_on::text, d.id IS NOT NULL AS has_document, d.size
         FROM contracts c LEFT JOIN documents d ON d.id = c.document_id WHERE c.customer_id = $1`,
      [customerId],
    );
    expect(contracts).toEqual([
      expect.objectContaining({ name: 'Договор на настройку', amount: '42000.50', signed_on: '2026-03-02', starts_on: '2026-03-10', ends_on: '2026-12-31', has_document: true }),
    ]);
    const [{ status }] = await t.ds.query(`SELECT status::text FROM leads WHERE id = $1`, [lead.id]);
    expect(status).toBe('converted');

    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 90_000);

it('a marketer launches a draft campaign and then finishes it, confirming each time', async () => {
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, marketer, `/admin/resources/campaigns/records/${draft.id}/show`);
    await shownStatus(page).waitFor({ timeout: FIRST_LOAD_MS });
    expect(await shownStatus(page).innerText()).toContain('Черновик');
    expect(await actionButton(page, 'Завершить').count()).toBe(0);

    for (const [label, shown, dbStatus, stamp] of [
      ['Запустить', 'Активна', 'active', 'launched_at'],
      ['Завершить', 'Завершена', 'finished', 'finished_at'],
    ] as const) {
      await actionButton(page, label).click();
      // The confirmation dialog (the action's guard), in Russian
      const dialog = page.locator('section:has(> .modal-label)');
      await dialog.waitFor();
      await shot(page, `campaign-confirm-${dbStatus}`);
      expect((await dialog.innerText()).replace(/\s+/g, ' ')).toContain(dbStatus === 'active' ? 'Запустить кампанию?' : 'Завершить кампанию?');
      expect((await dialog.locator('.modal-label').innerText()).trim()).toBe('Подтверждение');
      const [done] = await Promise.all([
        page.waitForResponse((r) => /\/admin\/api\/resources\/campaigns\/records\/\d+\/(launch|finish)/.test(r.url()), { timeout: PAGE_LOAD_MS }),
        dialog.locator('button[label="Подтвердить"], button:has-text("Подтвердить")').first().click(),
      ]);
      expect(done.status()).toBe(200);
      expect(done.request().method()).toBe('POST'); // a GET of the action changes nothing (any site can send one)
      await page.waitForURL(new RegExp(`/admin/resources/campaigns/records/${draft.id}/show`));
      await page.waitForFunction(
        ([testid, text]) => document.querySelector(`[data-testid="${testid}"]`)?.textContent?.includes(text),
        ['property-show-status', shown] as const,
        { timeout: STEP_MS },
      ).catch(async () => {
        throw new Error(`status shows «${await shownStatus(page).innerText().catch(() => '-')}», expected «${shown}»`);
      });
      await shot(page, `campaign-${dbStatus}`);
      expect(await actionButton(page, label).count()).toBe(0);
      const [row] = await t.ds.query(`SELECT status::text, ${stamp} IS NOT NULL AS stamped FROM campaigns WHERE id = $1`, [draft.id]);
      expect(row).toEqual({ status: dbStatus, stamped: true });
    }

    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 60_000);
