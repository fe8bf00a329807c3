/**
 * Forms as an office user expects them, in a real Chromium: what the server will refuse to change is shown
 * read-only with the reason (a finished campaign's budget and service; a converted lead's fields but the notes),
 * money is typed as people type it and shown as in the lists, a user's roles are four checkboxes, and the roles under
 * the user's name in the top bar follow the chosen language. Screenshots: /tmp/e2e-forms-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeCustomer, makeService, makeUser } from '../support/factories.js';
import { logIn, openSession, screenshots, startAppAndBrowser } from './browser.js';

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

const shot = screenshots('forms', { fullPage: true });
const field = (page: Page, property: string) => page.getByTestId(`property-edit-${property}`);
const saveForm = (page: Page, resourceId: string, action: string) =>
  Promise.all([
    page.waitForResponse((r) => r.url().includes(`/admin/api/resources/${resourceId}/`) && r.url().includes(`/${action}`) && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
    page.getByTestId('button-save').click(),
  ]).then(([response]) => response);

it('a finished campaign\'s form shows its budget and service read-only, and its name can still be changed', async () => {
  const marketer = await makeUser(t.ds, ['marketer']);
  const service = await makeService(t.ds, { name: 'Аудит сайта' });
  await makeService(t.ds, { name: 'Другая услуга' });
  const { id } = await makeCampaign(t.ds, { status: 'finished', budget: '300000.00', serviceId: service.id, name: 'Весна 2026' });
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, marketer, `/admin/resources/campaigns/records/${id}/edit`, { firstLoadMs: FIRST_LOAD_MS, pageLoadMs: FIRST_LOAD_MS });
    const notice = page.getByTestId('read-only-notice');
    await notice.waitFor({ timeout: FIRST_LOAD_MS });
    expect(await notice.innerText()).toContain('Кампания завершена: бюджет и услуга только для чтения');
    const budget = field(page, 'budget').locator('input');
    expect(await budget.isDisabled()).toBe(true);
    expect(await budget.inputValue()).toBe('300 000,00 ₽');
    await field(page, 'serviceId').getByText('Аудит сайта').waitFor();
    expect(await field(page, 'serviceId').locator('input').isDisabled()).toBe(true);
    expect(await field(page, 'name').locator('input').isDisabled()).toBe(false);
    await shot(page, 'campaign-finished');

    await field(page, 'name').locator('input').fill('Весна 2026 — Яндекс.Директ');
    const saved = await saveForm(page, 'campaigns', 'edit');
    expect((await saved.json()).record.errors).toEqual({});
    const [row] = await t.ds.query(`SELECT name, budget, service_id FROM campaigns WHERE id = $1`, [id]);
    expect(row).toEqual({ name: 'Весна 2026 — Яндекс.Директ', budget: '300000.00', service_id: service.id });

    // an active campaign's form has nothing read-only
    const active = await makeCampaign(t.ds, { status: 'active' });
    await page.goto(`${t.baseUrl}/admin/resources/campaigns/records/${active.id}/edit`, { timeout: PAGE_LOAD_MS });
    await field(page, 'budget').locator('input').waitFor({ timeout: PAGE_LOAD_MS });
    expect(await field(page, 'budget').locator('input').isDisabled()).toBe(false);
    expect(await page.getByTestId('read-only-notice').count()).toBe(0);
    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 150_000);

it('a converted lead\'s form keeps only the notes editable', async () => {
  const manager = await makeUser(t.ds, ['manager']);
  const lead = { id: (await makeCustomer(t.ds, { phone: '+79123450000' })).leadId };
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, manager, `/admin/resources/leads/records/${lead.id}/edit`, { firstLoadMs: FIRST_LOAD_MS, pageLoadMs: FIRST_LOAD_MS });
    await page.getByTestId('read-only-notice').waitFor({ timeout: FIRST_LOAD_MS });
    expect(await page.getByTestId('read-only-notice').innerText()).toContain('Лид переведён в клиенты: можно менять только комментарий');
    for (const p of ['lastName', 'firstName', 'middleName', 'phone', 'email']) {
      expect([p, await field(page, p).locator('input').first().isDisabled()]).toEqual([p, true]);
    }
    for (const p of ['campaignId', 'status']) expect([p, await field(page, p).locator('input').first().isDisabled()]).toEqual([p, true]);
    await shot(page, 'lead-converted');
    await field(page, 'notes').locator('textarea').fill('Позвонить в марте');
    const saved = await saveForm(page, 'leads', 'edit');
    expect((await saved.json()).record.errors).toEqual({});
    const [row] = await t.ds.query(`SELECT notes, status, phone FROM leads WHERE id = $1`, [lead.id]);
    expect(row).toEqual({ notes: 'Позвонить в марте', status: 'converted', phone: '+79123450000' });
    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 120_000);

it('money is typed as people type it, shown as in the lists, and garbage is refused by the field', async () => {
  const marketer = await makeUser(t.ds, ['marketer']);
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, marketer, '/admin/resources/services/actions/new', { firstLoadMs: FIRST_LOAD_MS, pageLoadMs: FIRST_LOAD_MS });
    const price = page.locator('input#price');
    await price.waitFor({ timeout: FIRST_LOAD_MS });
    await page.locator('input#name').fill('Цена с точкой');
    // garbage: a message by the field as soon as it is left, and the server refuses it too
    await price.fill('сорок тысяч');
    await page.locator('input#name').focus();
    await field(page, 'price').getByText('Введите сумму цифрами').waitFor();
    const refused = await saveForm(page, 'services', 'new');
    expect(Object.keys((await refused.json()).record.errors)).toEqual(['price']);
    await field(page, 'price').getByText('Сумма: число с не более чем двумя знаками после запятой').waitFor();
    await shot(page, 'money-refused');
    expect(await t.ds.query(`SELECT id FROM services WHERE name = 'Цена с точкой'`)).toEqual([]);

    // 40000.50 with a dot: forty thousand and fifty kopecks, shown the Russian way once the field is left
    await price.fill('');
    await price.pressSequentially('40000.50');
    await page.locator('input#name').focus();
    expect(await price.inputValue()).toBe('40 000,50 ₽');
    await shot(page, 'money-typed');
    const saved = await saveForm(page, 'services', 'new');
    expect((await saved.json()).record.errors).toEqual({});
    expect(await t.ds.query(`SELECT price FROM services WHERE name = 'Цена с точкой'`)).toEqual([{ price: '40000.50' }]);

    for (const [typed, stored] of [['40000', '40000.00'], ['40 000', '40000.00'], ['40 000,50', '40000.50']] as const) {
      await page.goto(`${t.baseUrl}/admin/resources/services/actions/new`, { timeout: PAGE_LOAD_MS });
      await price.waitFor({ timeout: PAGE_LOAD_MS });
      await page.locator('input#name').fill(`Цена ${typed}`);
      await price.pressSequentially(typed);
      const ok = await saveForm(page, 'services', 'new');
      expect([typed, (await ok.json()).record.errors]).toEqual([typed, {}]);
      expect(await t.ds.query(`SELECT price FROM services WHERE name = $1`, [`Цена ${typed}`])).toEqual([{ price: stored }]);
    }
    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 150_000);

it('an administrator gives a new user two roles with checkboxes; the top bar names the roles in the chosen language', async () => {
  const admin = await makeUser(t.ds, ['admin']);
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, admin, '/admin/resources/users/actions/new', { firstLoadMs: FIRST_LOAD_MS, pageLoadMs: FIRST_LOAD_MS });
    const form = page.locator('form[data-css="users-new-form"]');
    const roles = page.getByTestId('checkboxes-roles');
    await roles.waitFor({ timeout: FIRST_LOAD_MS });
    expect((await roles.innerText()).split(/\s*\n\s*/).filter(Boolean)).toEqual(['Администратор', 'Оператор', 'Маркетолог', 'Менеджер']);
    expect(await form.getByText('Добавить роль').count()).toBe(0);
    await form.locator('input[name="email"]').fill('two-roles@example.com');
    await form.locator('input[name="fullName"]').fill('Ольга Двухролевая');
    await form.locator('input[name="password"]').fill('long-enough-pass');
    await roles.getByText('Оператор').click();
    await roles.getByText('Менеджер').click();
    await roles.getByText('Администратор').click();
    await roles.getByText('Администратор').click(); // changed her mind
    await shot(page, 'user-roles');
    const saved = await saveForm(page, 'users', 'new');
    expect((await saved.json()).record.errors).toEqual({});
    const [row] = await t.ds.query(`SELECT roles::text[] AS roles FROM users WHERE email = 'two-roles@example.com'`);
    expect(row).toEqual({ roles: ['operator', 'manager'] });

    // none ticked: a message by the field, nobody created
    await page.goto(`${t.baseUrl}/admin/resources/users/actions/new`, { timeout: PAGE_LOAD_MS });
    await roles.waitFor({ timeout: PAGE_LOAD_MS });
    await form.locator('input[name="email"]').fill('no-roles@example.com');
    await form.locator('input[name="fullName"]').fill('Без ролей');
    await form.locator('input[name="password"]').fill('long-enough-pass');
    const refused = await saveForm(page, 'users', 'new');
    expect(Object.keys((await refused.json()).record.errors)).toContain('roles');
    expect(await t.ds.query(`SELECT id FROM users WHERE email = 'no-roles@example.com'`)).toEqual([]);

    // the top bar: the user's name, and the role under it in the panel's language
    const bar = page.locator('[data-css="logged-in"]');
    expect(await bar.innerText()).toContain('Администратор');
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.locator('[data-css="topbar"]').getByText('English', { exact: true }).click();
    await bar.getByText('Administrator').waitFor({ timeout: PAGE_LOAD_MS });
    expect(await bar.innerText()).not.toContain('Администратор');
    await shot(page, 'topbar-english');
    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 150_000);
