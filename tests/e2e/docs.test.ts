/**
 * The API docs page in a real Chromium: Swagger UI shows our own API under the page's same-origin
 * Content-Security-Policy (no console errors: nothing it needs is blocked) and the browser asks no other host.
 */
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { launchBrowser, openSession } from './browser.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  [t, browser] = await Promise.all([startTestApp(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

it('/api/docs/ shows Campaign CRM API with its endpoints and makes no request to another host', async () => {
  const { context, page, log } = await openSession(browser, 20_000);
  try {
    await page.goto(`${t.baseUrl}/api/docs/`);
    await page.locator('.info .title', { hasText: 'Campaign CRM API' }).waitFor();
    await page.locator('.opblock-summary-path', { hasText: '/auth/login' }).first().waitFor();
    expect(log.blocked).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
});
