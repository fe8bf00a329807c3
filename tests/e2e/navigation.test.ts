/**
 * Finding one's way in the panel, in a real Chromium: the main sections on the first screen, pages headed by what
 * they show, refusals that say who may open a page instead of a 404 with raw `{{…}}`, a missing record with a way
 * back, an old convert link of a converted lead, and landing on a new campaign's card after creating it.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeCustomer, makeService, makeUser } from '../support/factories.js';
import { logIn, openSession, type Session, startAppAndBrowser } from './browser.js';

const STEP_MS = 20_000;
const FIRST_LOAD = { firstLoadMs: 90_000, pageLoadMs: 30_000 };

let t: TestApp;
let browser: Browser;
let campaignId: number;
let customer: { id: number; leadId: string };

beforeAll(async () => {
  [t, browser] = await startAppAndBrowser(startTestApp());
  await makeService(t.ds, { name: 'Контекстная реклама', price: '40000.00' });
  ({ id: campaignId } = await makeCampaign(t.ds, { name: 'Весна 2026 — Яндекс.Директ' }));
  customer = await makeCustomer(t.ds);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** A page opened by address, as from a bookmark or an old link; the answer's status as the server gave it. */
async function open(page: Page, path: string): Promise<number> {
  const response = await page.goto(`${t.baseUrl}${path}`, { timeout: 60_000 });
  return response?.status() ?? 0;
}

const content = (page: Page) => page.locator('[data-css="app-content"]');
const text = async (page: Page) => (await content(page).innerText()).replace(/\s+/g, ' ');

/** Console lines the browser writes for a page answered 403/404 on purpose (the refusals under test). */
const unexpected = (s: Session) => s.log.errors.filter((e) => !/status of 40[34]/.test(e));

it('an operator: the main sections on the first screen; a refused section says who may open it, in Russian and in English', async () => {
  const user = await makeUser(t.ds, ['operator']);
  const s = await openSession(browser, STEP_MS);
  const { page } = s;
  try {
    await logIn(page, t.baseUrl, user, '/admin', FIRST_LOAD);
    const sidebar = page.locator('[data-css="sidebar"]');
    for (const label of ['Лиды', 'Рекламные кампании']) await expect(sidebar.getByRole('link', { name: label, exact: true }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: '/tmp/e2e-nav-operator-first-screen.png' });

    // A link to a section the operator may not open (the address of the customers' list or a customer's card).
    expect(await open(page, '/admin/resources/contracts')).toBe(403);
    const refusal = page.getByTestId('refusal');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('Раздел «Контракты» доступен менеджерам и администраторам');
    expect(await text(page)).not.toMatch(/\{\{|contracts|list/);
    await page.screenshot({ path: '/tmp/e2e-nav-refused-ru.png' });

    expect(await open(page, `/admin/resources/customers/records/${customer.id}/show`)).toBe(403);
    await page.getByText('Раздел «Клиенты» доступен менеджерам и администраторам').first().waitFor();
    expect(await text(page)).not.toMatch(/\{\{|customers|show|Иванов/);
    // the way back
    await page.getByRole('link', { name: 'На главную' }).click();
    await page.getByTestId('dashboard').waitFor();

    // The same refusal in English.
    await open(page, '/admin/resources/contracts?lng=en');
    await page.getByText('The “Contracts” section is open to managers and administrators').waitFor();
    expect(await text(page)).not.toMatch(/\{\{|Раздел/);
    await page.screenshot({ path: '/tmp/e2e-nav-refused-en.png' });
    // The panel API's answer to the refused action is a refusal in the same words.
    const api = await page.request.get(`${t.baseUrl}/admin/api/resources/customers/records/${customer.id}/show`);
    const body = await api.json();
    expect({ type: body.record.baseError.type, notice: body.notice.message, params: body.record.params }).toEqual({
      type: 'ForbiddenError', notice: 'The “Customers” section is open to managers and administrators', params: {},
    });
    expect(unexpected(s)).toEqual([]);
  } finally {
    await s.context.close();
  }
}, 240_000);

it('a missing record, or an address whose id cannot be one, says «Запись не найдена» with a way to the list', async () => {
  const user = await makeUser(t.ds, ['operator']);
  const s = await openSession(browser, STEP_MS);
  const { page } = s;
  try {
    await logIn(page, t.baseUrl, user, '/admin/resources/leads/records/abc/show', FIRST_LOAD);
    for (const path of ['/admin/resources/leads/records/abc/show', '/admin/resources/leads/records/987654/show']) {
      if (page.url() !== `${t.baseUrl}${path}`) expect(await open(page, path)).toBe(404);
      const missing = page.getByTestId('record-not-found');
      await missing.waitFor();
      expect(await missing.innerText()).toContain('Запись не найдена');
      expect(await text(page)).not.toMatch(/Record|cannot be found|\{\{/);
    }
    await page.screenshot({ path: '/tmp/e2e-nav-not-found.png' });
    const api = await (await page.request.get(`${t.baseUrl}/admin/api/resources/leads/records/987654/show`)).json();
    expect({ type: api.record.baseError.type, notice: api.notice.message }).toEqual({ type: 'NotFoundError', notice: 'Запись не найдена' });
    await page.getByRole('link', { name: 'К списку «Лиды»' }).click();
    await page.waitForURL(/\/admin\/resources\/leads$/);
    await page.locator('table tbody tr').first().waitFor();
    expect(unexpected(s)).toEqual([]);
  } finally {
    await s.context.close();
  }
}, 240_000);

it('a manager: the convert page of a converted lead says so and links to its customer; pages are headed by their record', async () => {
  const user = await makeUser(t.ds, ['manager']);
  const s = await openSession(browser, STEP_MS);
  const { page } = s;
  try {
    await logIn(page, t.baseUrl, user, '/admin', FIRST_LOAD);
    const sidebar = page.locator('[data-css="sidebar"]');
    for (const label of ['Лиды', 'Рекламные кампании', 'Клиенты']) await expect(sidebar.getByRole('link', { name: label, exact: true }).isVisible()).resolves.toBe(true);

    // Back after converting, or an old link.
    expect(await open(page, `/admin/resources/leads/records/${customer.leadId}/convert`)).toBe(200);
    const converted = page.getByTestId('already-converted');
    await converted.waitFor();
    expect(await converted.innerText()).toContain('Лид уже переведён в клиенты');
    await expect(page.getByTestId('convert-form').count()).resolves.toBe(0);
    await page.screenshot({ path: '/tmp/e2e-nav-already-converted.png' });
    await page.getByTestId('converted-customer').click();
    await page.waitForURL(new RegExp(`/admin/resources/customers/records/${customer.id}/show$`));
    await expect(page.getByTestId('page-title').innerText()).resolves.toBe('Иванов Иван');

    // A record's card is headed by the record, the list by the section; the breadcrumbs still name the page.
    await open(page, `/admin/resources/campaigns/records/${campaignId}/show`);
    await page.getByTestId('page-title').filter({ hasText: 'Весна 2026 — Яндекс.Директ' }).waitFor();
    expect(await page.locator('[data-css="campaigns-show-breadcrumbs"]').innerText()).toContain('Просмотр');
    await page.screenshot({ path: '/tmp/e2e-nav-record-title.png' });
    await open(page, '/admin/resources/leads');
    await page.locator('table tbody tr').first().waitFor();
    await expect(page.getByTestId('page-title').innerText()).resolves.toMatch(/^Лиды/);
    expect(await page.getByTestId('page-title').innerText()).not.toContain('Список');
    expect(unexpected(s)).toEqual([]);
  } finally {
    await s.context.close();
  }
}, 240_000);

it('a marketer creates a campaign and lands on its card, «Запустить» at hand', async () => {
  const user = await makeUser(t.ds, ['marketer']);
  const s = await openSession(browser, STEP_MS);
  const { page } = s;
  try {
    await logIn(page, t.baseUrl, user, '/admin/resources/campaigns/actions/new', FIRST_LOAD);
    await page.locator('input#name').fill('Осень 2026 — VK Реклама');
    await page.getByTestId('property-edit-serviceId').locator('input').first().click();
    await page.locator('[id*="-option-"]').filter({ hasText: 'Контекстная реклама' }).first().click();
    await page.getByTestId('property-edit-channel').locator('input').first().click();
    await page.locator('[id*="-option-"]').filter({ hasText: 'Социальные сети' }).first().click();
    await page.locator('input#budget').pressSequentially('150000');
    await Promise.all([page.waitForURL(/\/admin\/resources\/campaigns\/records\/\d+\/show(\?|$)/, { timeout: 60_000 }), page.getByTestId('button-save').click()]);
    const [row] = await t.ds.query(`SELECT id, status FROM campaigns WHERE name = 'Осень 2026 — VK Реклама'`);
    expect(row).toEqual({ id: expect.anything(), status: 'draft' });
    expect(new URL(page.url()).pathname).toBe(`/admin/resources/campaigns/records/${row.id}/show`);
    await page.getByTestId('page-title').filter({ hasText: 'Осень 2026 — VK Реклама' }).waitFor();
    await expect(page.getByTestId('action-launch').innerText()).resolves.toContain('Запустить');
    await page.screenshot({ path: '/tmp/e2e-nav-new-campaign.png' });
    expect(unexpected(s)).toEqual([]);
  } finally {
    await s.context.close();
  }
}, 240_000);
