/**
 * The customer's card as a manager uses it, in a real Chromium: who the customer is and how to reach them (phone
 * and e-mail links from the lead), the responsible manager, the lead as a link, the contracts as a table with the
 * sales volume, and «Добавить контракт», which opens the new-contract form with this customer chosen; the contract
 * saved there is in the card's table. The converted lead's card shows the customer and its contracts, to a role
 * that may read them. Screenshots: /tmp/e2e-card-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCustomer, makeService, makeUser } from '../support/factories.js';
import { logIn, openSession, screenshots, startAppAndBrowser } from './browser.js';

const FIRST_LOAD_MS = 60_000;
const PAGE_LOAD_MS = 30_000;
const STEP_MS = 15_000;

let t: TestApp;
let browser: Browser;
let manager: { email: string; password: string; id: number };
let customer: { id: number; leadId: string; contractId: number };
let managerName: string;

beforeAll(async () => {
  [t, browser] = await startAppAndBrowser(startTestApp());
  manager = await makeUser(t.ds, ['manager']);
  [{ full_name: managerName }] = await t.ds.query(`SELECT full_name FROM users WHERE id = $1`, [manager.id]);
  await makeService(t.ds, { name: 'Сопровождение сайта', price: '5000.00' });
  customer = await makeCustomer(t.ds, { name: { last: 'Иванова', first: 'Анна', middle: 'Сергеевна' }, phone: '+79123456789', email: 'anna@example.com', amount: '2500.00' });
  await t.ds.query(`UPDATE customers SET converted_by_id = $1 WHERE id = $2`, [manager.id, customer.id]);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const shot = screenshots('card', { fullPage: true });
const content = (page: Page) => page.locator('[data-css="app-content"]');

it('a manager reads the customer card, adds a contract from it and sees it in the card\'s table', async () => {
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    const cardUrl = `/admin/resources/customers/records/${customer.id}/show`;
    await logIn(page, t.baseUrl, manager, cardUrl, { firstLoadMs: FIRST_LOAD_MS, pageLoadMs: FIRST_LOAD_MS });
    const table = page.getByTestId('customer-contracts');
    await table.waitFor({ timeout: FIRST_LOAD_MS });
    await shot(page, 'customer');

    // how to reach the customer: the lead's phone and e-mail, as links
    expect(await content(page).locator('a[href="tel:+79123456789"]').innerText()).toBe('+7 912 345-67-89');
    expect(await content(page).locator('a[href="mailto:anna@example.com"]').innerText()).toBe('anna@example.com');
    const text = await content(page).innerText();
    expect(text).toContain('Перевёл в клиенты');
    expect(text).toContain(managerName);
    // the list's «Экспорт» belongs to the list: a card does not offer it (it exported every customer)
    expect(await page.locator('[data-css="customers-export-button"]').count()).toBe(0);
    // the lead as a link to its card
    expect(await content(page).locator(`a[href$="/admin/resources/leads/records/${customer.leadId}/show"]`).count()).toBeGreaterThan(0);
    // the contracts as a table, and the sales volume
    const rows = table.getByTestId('customer-contract');
    expect(await rows.count()).toBe(1);
    expect((await rows.first().innerText()).replace(/\s+/g, ' ')).toMatch(/Договор .+ 2 500,00 ₽ 15\.01\.2026 — 31\.12\.2026 —/);
    expect((await page.getByTestId('customer-sales-volume').innerText()).replace(/\s+/g, ' ')).toBe('Объём продаж: 2 500,00 ₽');

    // «Добавить контракт»: the new-contract form with this customer already chosen
    await page.getByTestId('add-contract').click();
    await page.waitForURL(new RegExp(`/admin/resources/contracts/actions/new\\?customerId=${customer.id}$`), { timeout: PAGE_LOAD_MS });
    const form = page.locator('form[data-css="contracts-new-form"]');
    await form.locator('input[name="name"]').waitFor({ timeout: PAGE_LOAD_MS });
    const customerField = page.getByTestId('property-edit-customerId');
    await customerField.getByText('Иванова Анна Сергеевна').waitFor({ timeout: PAGE_LOAD_MS });
    await form.locator('input[name="name"]').fill('Сопровождение 2027');
    await page.getByTestId('property-edit-serviceId').locator('input').first().click();
    await page.locator('[id*="-option-"]').filter({ hasText: 'Сопровождение сайта' }).first().click();
    await form.locator('input[name="amount"]').pressSequentially('40 000,50');
    for (const [property, day] of [['signedOn', 1], ['startsOn', 1], ['endsOn', 28]] as const) {
      await page.getByTestId(`property-edit-${property}`).locator('input').click();
      const calendar = page.locator('.react-datepicker');
      await calendar.waitFor();
      await calendar.locator(`.react-datepicker__day--${String(day).padStart(3, '0')}:not(.react-datepicker__day--outside-month)`).click();
      await calendar.waitFor({ state: 'hidden' }).catch(() => page.keyboard.press('Escape'));
    }
    await shot(page, 'add-contract-form');
    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/admin/api/resources/contracts/actions/new') && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
      page.getByTestId('button-save').click(),
    ]);
    expect((await saved.json()).record.errors).toEqual({});
    await page.waitForURL((url) => !url.pathname.endsWith('/actions/new'), { timeout: PAGE_LOAD_MS });

    // back on the card: two contracts, the new one first (signed later), and the volume of both
    await page.goto(`${t.baseUrl}${cardUrl}`, { timeout: PAGE_LOAD_MS });
    await table.waitFor({ timeout: PAGE_LOAD_MS });
    await page.getByTestId('customer-contract').nth(1).waitFor({ timeout: PAGE_LOAD_MS });
    expect((await rows.first().innerText()).replace(/\s+/g, ' ')).toMatch(/Сопровождение 2027 Сопровождение сайта 40 000,50 ₽/);
    expect((await page.getByTestId('customer-sales-volume').innerText()).replace(/\s+/g, ' ')).toBe('Объём продаж: 42 500,50 ₽');
    await shot(page, 'customer-two-contracts');
    const [stored] = await t.ds.query(`SELECT customer_id, amount FROM contracts WHERE name = 'Сопровождение 2027'`);
    expect(stored).toEqual({ customer_id: customer.id, amount: '40000.50' });

    // the lead's card: its customer and the customer's contracts
    await page.goto(`${t.baseUrl}/admin/resources/leads/records/${customer.leadId}/show`, { timeout: PAGE_LOAD_MS });
    await table.waitFor({ timeout: PAGE_LOAD_MS });
    expect(await table.getByTestId('customer-contract').count()).toBe(2);
    expect(await content(page).locator(`a[href$="/admin/resources/customers/records/${customer.id}/show"]`).innerText()).toBe('Иванова Анна Сергеевна');
    await shot(page, 'lead-converted');
    expect(await page.locator('[data-css="leads-export-button"]').count()).toBe(0);
    // the lists keep their «Экспорт»
    await page.goto(`${t.baseUrl}/admin/resources/customers`, { timeout: PAGE_LOAD_MS });
    await page.locator('[data-css="customers-export-button"]').waitFor({ timeout: PAGE_LOAD_MS });

    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 180_000);

it('an operator sees a converted lead\'s card without the contracts they may not read', async () => {
  const operator = await makeUser(t.ds, ['operator']);
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, operator, `/admin/resources/leads/records/${customer.leadId}/show`, { firstLoadMs: FIRST_LOAD_MS, pageLoadMs: FIRST_LOAD_MS });
    await content(page).locator('a[href="tel:+79123456789"]').waitFor({ timeout: PAGE_LOAD_MS });
    expect(await page.getByTestId('customer-contracts').count()).toBe(0);
    expect(await content(page).innerText()).not.toContain('Договор');
    // and the card's data is not sent either
    const res = await page.request.get(`${t.baseUrl}/admin/api/resources/leads/records/${customer.leadId}/show`);
    expect(JSON.stringify(await res.json())).not.toContain('Договор');
    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 120_000);
