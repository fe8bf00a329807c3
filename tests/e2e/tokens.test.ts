/**
 * An administrator issues a personal API token in a real Chromium: the form refuses an empty submit with messages
 * by the fields, then shows the secret once; the secret works against the API as the chosen user, and the list
 * of tokens shows it by its prefix, never the secret. Screenshots: /tmp/e2e-tokens-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeUser } from '../support/factories.js';
import { launchBrowser, logIn, openSession, screenshots } from './browser.js';

const FIRST_LOAD_MS = 45_000;
const PAGE_LOAD_MS = 20_000;
const STEP_MS = 8_000;

let t: TestApp;
let browser: Browser;
let admin: { email: string; password: string; id: number };
let operator: { email: string; password: string; id: number };

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
  admin = await makeUser(t.ds, ['admin']);
  operator = await makeUser(t.ds, ['operator']);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const shot = screenshots('tokens');
const content = (page: Page) => page.locator('[data-css="app-content"]');

it('an administrator issues a token for an operator, copies it once, and the integration acts as that operator', async () => {
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, admin, '/admin/resources/apiTokens', { firstLoadMs: FIRST_LOAD_MS, pageLoadMs: PAGE_LOAD_MS });
    const issue = content(page).locator('a, button').filter({ hasText: /^\s*Выдать токен\s*$/ }).first();
    await issue.waitFor({ timeout: FIRST_LOAD_MS });
    await issue.click();
    await page.waitForURL(/\/admin\/resources\/apiTokens\/actions\/issue$/);
    await content(page).getByText('Выдать API-токен').waitFor({ timeout: PAGE_LOAD_MS });
    // the breadcrumb and the heading name the page in Russian
    expect(await page.locator('[data-css$="-breadcrumbs"]').first().innerText()).toMatch(/API-токены\s*Выдать токен$/);
    expect(await content(page).innerText()).not.toMatch(/\bIssue\b/);
    expect(await content(page).innerText()).not.toMatch(/Select\.\.\./);

    // An empty form: nothing issued, a message by each required field.
    await content(page).getByRole('button', { name: 'Выдать', exact: true }).click();
    await content(page).getByText('Обязательное поле').first().waitFor();
    expect(await content(page).getByText('Обязательное поле').count()).toBe(2);
    expect(await t.ds.query(`SELECT id FROM api_tokens`)).toEqual([]);

    // Pick the operator by typing part of the name, name the token, issue.
    const [{ full_name: operatorName }] = await t.ds.query(`SELECT full_name FROM users WHERE id = $1`, [operator.id]);
    const user = page.locator('#api-token-user');
    await user.click();
    await user.fill(operatorName.slice(0, 12));
    await page.locator('[id*="-option-"]').filter({ hasText: operatorName }).first().click();
    await page.locator('#api-token-name').fill('Форма на сайте');
    await content(page).getByRole('button', { name: 'Выдать', exact: true }).click();
    const secretBox = page.getByTestId('api-token-secret');
    await secretBox.waitFor();
    await shot(page, 'issued');
    await content(page).getByText('он показывается один раз').waitFor();
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^crm_[A-Za-z0-9_-]{43}$/);

    // «Копировать» puts the secret on the clipboard and says so
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    await page.getByTestId('api-token-copy').click();
    await page.getByTestId('api-token-copied').getByText('Токен скопирован в буфер обмена').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    // where the browser offers no clipboard, the secret is selected and the user is told to press Ctrl+C
    await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true }));
    await page.getByTestId('api-token-copy').click();
    await page.getByTestId('api-token-copied').getByText('нажмите Ctrl+C').waitFor();
    expect(await page.evaluate(() => {
      const box = document.querySelector<HTMLInputElement>('[data-testid="api-token-secret"]')!;
      return box.value.slice(box.selectionStart ?? 0, box.selectionEnd ?? 0);
    })).toBe(secret);
    await shot(page, 'copied');

    // The integration's server uses it: it is the operator, with the operator's rights.
    const me = await fetch(`${t.baseUrl}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(await me.json()).toMatchObject({ id: operator.id, email: operator.email, roles: ['operator'], authVia: 'token' });
    const contracts = await fetch(`${t.baseUrl}/api/v1/contracts`, { headers: { authorization: `Bearer ${secret}` } });
    expect(contracts.status).toBe(403);

    // The list shows the token by its name and prefix; the secret itself is nowhere in the panel.
    await page.goto(`${t.baseUrl}/admin/resources/apiTokens`, { timeout: PAGE_LOAD_MS });
    const row = content(page).locator('tr').filter({ hasText: 'Форма на сайте' });
    await row.waitFor({ timeout: PAGE_LOAD_MS });
    expect(await row.innerText()).toContain(secret.slice(0, 12));
    expect(await page.content()).not.toContain(secret);
    await shot(page, 'list');

    expect(log.errors).toEqual([]);
    expect(log.blocked).toEqual([]);
    expect(serverErrors).toEqual([]);
  } finally {
    await context.close();
  }
});
