/**
 * The list export in a real Chromium: a manager filters the leads by a campaign, presses «Экспорт», downloads the
 * .xlsx and gets exactly the rows the list shows, in its order, with Russian headers; then ticks two rows and exports
 * just those with «Экспорт выбранных». Screenshots: /tmp/e2e-export-*.png.
 */
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeLead, makeUser } from '../support/factories.js';
import { logIn, openSession, screenshots, startAppAndBrowser, tick } from './browser.js';

const STEP_MS = 10_000;
// A page load fetches the development bundles of the panel (tens of MB of JS): slow on a busy machine.
const PAGE_LOAD_MS = 45_000;

let t: TestApp;
let browser: Browser;
let manager: { email: string; password: string };
let campaign: { id: number };

beforeAll(async () => {
  [t, browser] = await startAppAndBrowser(startTestApp());
  manager = await makeUser(t.ds, ['manager']);
  campaign = await makeCampaign(t.ds, { name: 'Осень «Промо»' });
  const other = await makeCampaign(t.ds, { name: 'Другая' });
  for (let i = 0; i < 9; i++) await makeLead(t.ds, { campaignId: i % 3 === 2 ? other.id : campaign.id });
  const formula = await makeLead(t.ds, { campaignId: campaign.id });
  await t.ds.query(`UPDATE leads SET last_name = '=HYPERLINK("http://x.example","y")' WHERE id = $1`, [formula.id]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const shot = screenshots('export', { fullPage: true });

/** The ids of the list's rows as shown, top to bottom. */
async function listedIds(page: Page): Promise<string[]> {
  const rows = page.locator('[data-css="leads-table"] tbody tr, table tbody tr[data-id]');
  await rows.first().waitFor({ timeout: PAGE_LOAD_MS });
  return rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id') ?? ''));
}

/** Clicks the download link of the export drawer and reads the .xlsx it gives. */
async function download(page: Page): Promise<{ name: string; sheet: ExcelJS.Worksheet }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-download').click()]);
  const path = await file.path();
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path!);
  return { name: file.suggestedFilename(), sheet: wb.worksheets[0] };
}

const idsOf = (sheet: ExcelJS.Worksheet) => {
  const ids: string[] = [];
  sheet.eachRow((row, n) => n > 1 && ids.push(String(row.getCell(1).value)));
  return ids;
};

test('a manager exports the leads of one campaign, as the list shows them, and then two selected rows', async () => {
  const { page, serverErrors } = await openSession(browser, STEP_MS);
  await logIn(page, t.baseUrl, manager, `/admin/resources/leads?filters.campaignId=${campaign.id}`);
  const shown = await listedIds(page);
  expect(shown).toHaveLength(7);

  await page.getByRole('button', { name: 'Экспорт', exact: true }).or(page.getByRole('link', { name: 'Экспорт', exact: true })).first().click();
  const drawer = page.getByTestId('export-list');
  await drawer.waitFor();
  await expect(drawer.innerText()).resolves.toContain('Рекламная кампания');
  await shot(page, 'drawer');
  const { name, sheet } = await download(page);
  expect(name).toMatch(new RegExp(`^leads_campaign-${campaign.id}_\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
  expect(sheet.getRow(1).getCell(2).value).toBe('ФИО');
  expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
  expect(idsOf(sheet)).toEqual(shown);
  // The formula someone typed as a name is a text cell.
  const cells: ExcelJS.Cell[] = [];
  sheet.eachRow((row) => cells.push(row.getCell(2)));
  const formula = cells.find((c) => String(c.value).startsWith('=HYPERLINK'))!;
  expect(formula.type).toBe(ExcelJS.ValueType.String);
  expect(sheet.getRow(2).getCell(6).value).toBe('Осень «Промо»');

  // Two rows ticked: «Экспорт выбранных» in the bulk bar.
  await page.goto(`${t.baseUrl}/admin/resources/leads?filters.campaignId=${campaign.id}`, { timeout: PAGE_LOAD_MS });
  await listedIds(page);
  const boxes = page.locator('table tbody tr[data-id] input[type="checkbox"], table tbody tr[data-id] [data-css*="checkbox"]');
  await tick(boxes.nth(1));
  await tick(boxes.nth(3));
  await page.getByRole('button', { name: /Экспорт выбранных/ }).or(page.getByRole('link', { name: /Экспорт выбранных/ })).first().click();
  await page.getByTestId('export-list').waitFor();
  await shot(page, 'selected');
  const selected = await download(page);
  expect(selected.name).toMatch(/^leads_selected_\d{4}-\d{2}-\d{2}\.xlsx$/);
  expect(idsOf(selected.sheet)).toEqual([shown[1], shown[3]]);
  expect(serverErrors).toEqual([]);
}, 120_000);
