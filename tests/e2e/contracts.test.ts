/**
 * Contract documents by clicking, in a real Chromium (Russian locale): a manager adds a second contract to a
 * customer through the New contract form with a PDF in the «Документ» field, lands on the contract's page and
 * downloads the file from its link, byte for byte. Screenshots: /tmp/e2e-contracts-*.png.
 */
import fs from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCustomer, makeService, makeUser } from '../support/factories.js';
import { logIn, openSession, screenshots, startAppAndBrowser } from './browser.js';

const FIRST_LOAD_MS = 45_000;
const PAGE_LOAD_MS = 20_000;
const STEP_MS = 8_000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let t: TestApp;
let browser: Browser;
let manager: { email: string; password: string; id: number };
let customer: { id: number; contractId: number };
let service: { id: number };

beforeAll(async () => {
  [t, browser] = await startAppAndBrowser(startTestApp());
  manager = await makeUser(t.ds, ['manager']);
  service = await makeService(t.ds, { name: 'Сопровождение', price: '5000.00' });
  customer = await makeCustomer(t.ds);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const shot = screenshots('contracts');

it('a manager adds a second contract with a document through the form and downloads it from the contract page', async () => {
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    // «New contract» for this customer: the customer, service and period come prefilled in the address, as a link would.
    const start = `/admin/resources/contracts/actions/new?customerId=${customer.id}&serviceId=${service.id}&signedOn=2026-05-01&startsOn=2026-05-01&endsOn=2027-04-30`;
    await logIn(page, t.baseUrl, manager, start, { firstLoadMs: FIRST_LOAD_MS, pageLoadMs: PAGE_LOAD_MS });
    const form = page.locator('form[data-css="contracts-new-form"]');
    await form.locator('input[name="name"]').waitFor({ timeout: FIRST_LOAD_MS });
    const field = page.getByTestId('document-edit');
    expect(await field.innerText()).toContain('Документ');
    await form.locator('input[name="name"]').fill('Второй договор');
    await form.locator('input[name="amount"]').fill('7500');
    await field.locator('input[type=file]').setInputFiles({ name: 'Второй договор.pdf', mimeType: 'application/pdf', buffer: PDF });
    await field.filter({ hasText: 'Второй договор.pdf' }).waitFor();
    await shot(page, 'new-form');

    const [saved] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/admin/api/resources/contracts/actions/new') && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
      page.getByTestId('button-save').click(),
    ]);
    expect(saved.status()).toBe(200);
    const body = await saved.json();
    expect(body.record.errors).toEqual({});
    const contractId = Number(body.record.id);
    // After a save the new contract's card opens.
    await page.waitForURL(new RegExp(`/admin/resources/contracts/records/${contractId}/show`), { timeout: PAGE_LOAD_MS }).catch(async (e) => {
      await shot(page, 'not-on-show');
      throw new Error(`not on the contract's page (at ${page.url()}): ${(e as Error).message.split('\n')[0]}`);
    });
    const link = page.getByTestId('document-link');
    await link.waitFor({ timeout: PAGE_LOAD_MS });
    expect((await link.innerText()).trim()).toBe('Второй договор.pdf');
    await shot(page, 'show');

    const [download] = await Promise.all([page.waitForEvent('download', { timeout: PAGE_LOAD_MS }), link.click()]);
    expect(download.suggestedFilename()).toBe('Второй договор.pdf');
    const bytes = await fs.readFile((await download.path())!);
    expect(bytes.equals(PDF)).toBe(true);

    // in the database: the customer now has two contracts, the new one with its document
    const rows = await t.ds.query(
      `SELECT k.id, k.name, k.amount, d.file_name, d.content_type FROM contracts k LEFT JOIN documents d ON d.id = k.document_id WHERE k.customer_id = $1 ORDER BY k.id`,
      [customer.id],
    );
    expect(rows).toEqual([
      expect.objectContaining({ id: customer.contractId, file_name: null }),
      { id: contractId, name: 'Второй договор', amount: '7500.00', file_name: 'Второй договор.pdf', content_type: 'application/pdf' },
    ]);

    // the edit form names the current file
    await page.goto(`${t.baseUrl}/admin/resources/contracts/records/${contractId}/edit`, { timeout: PAGE_LOAD_MS });
    await page.getByTestId('document-current').waitFor({ timeout: PAGE_LOAD_MS });
    expect(await page.getByTestId('document-current').innerText()).toContain('Текущий файл: Второй договор.pdf');

    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 120_000);
