/**
 * The CSV lead import page, in a real Chromium (Russian locale, Moscow time): an operator opens Leads → «Импорт из
 * CSV», picks the launched campaign, uploads a `;`-separated UTF-8 file, sees the proposed column mapping and
 * changes one, runs the dry run, imports, reads the summary and downloads the error report. What the database
 * holds afterwards is checked too. Screenshots: /tmp/e2e-import-*.png.
 */
import fs from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeService, makeUser } from '../support/factories.js';
import { choose, contentText, expectText, logIn, openSession, screenshots, startAppAndBrowser } from './browser.js';

// The first page waits for AdminJS to bundle our components (development bundles, several seconds).
const FIRST_LOAD_MS = 45_000;
const PAGE_LOAD_MS = 20_000;
const STEP_MS = 8_000;

/**
 * Line 1 is the header; lines 2–4 are good (three spellings of Russian phones, one row without e-mail); line 5
 * repeats line 2's phone; line 6 has neither phone nor e-mail. «Откуда» is not a known header: the test maps it to
 * the lead's notes by hand.
 */
const CSV = [
  'Фамилия;Имя;Телефон;E-mail;Откуда',
  'Петров;Пётр;8 (912) 345-67-01;Petrov@Example.com;выставка',
  'Сидорова;Анна;+7 912 345-67-02;;сайт',
  'Кузнецов;Олег;9123456703;kuznetsov@example.com;звонок',
  'Петрова;Мария;+79123456701;maria@example.com;сайт',
  'Безконтактов;Иван;;;сайт',
  '',
].join('\r\n');

let t: TestApp;
let browser: Browser;
let operator: { email: string; password: string; id: number };
let campaign: { id: number };

beforeAll(async () => {
  [t, browser] = await startAppAndBrowser(startTestApp());
  operator = await makeUser(t.ds, ['operator']);
  const service = await makeService(t.ds, { name: 'Контекстная реклама' });
  campaign = await makeCampaign(t.ds, { serviceId: service.id, status: 'active', name: 'Осенняя кампания' });
  await makeCampaign(t.ds, { serviceId: service.id, status: 'draft', name: 'Черновая кампания' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const shot = screenshots('import', { fullPage: true });

/** The mapping row of a lead field: its label and the column chosen for it. */
const mappingRow = (page: Page, field: string) => page.locator(`tr[data-field="${field}"]`);

it('an operator imports leads from a CSV file: mapping, dry run, import, error report', async () => {
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, operator, '/admin/resources/leads');
    const button = page.locator('[data-css="app-content"]').locator('a, button').filter({ hasText: /^\s*Импорт из CSV\s*$/ }).first();
    await button.waitFor({ timeout: FIRST_LOAD_MS });
    await shot(page, 'leads-list');
    await button.click();
    await page.waitForURL(/\/admin\/resources\/leads\/actions\/import$/);
    const form = page.getByTestId('import-leads');
    await form.waitFor({ timeout: PAGE_LOAD_MS });
    await expectText(page, 'Импорт лидов из CSV');
    await expectText(page, 'Кампания (только запущенные)');
    // the breadcrumbs and the select's placeholder are in Russian too
    expect(await page.locator('[data-css$="-breadcrumbs"]').innerText()).toContain('Импорт из CSV');
    expect(await contentText(page)).not.toMatch(/Select\.\.\.|Import\b/);
    await shot(page, 'empty');

    // only launched campaigns are offered
    await page.locator('#import-campaign').click();
    const options = page.locator('[id^="react-select-"][id*="-option-"]');
    await options.first().waitFor();
    const offered = (await options.allInnerTexts()).join(' | ');
    expect(offered).toContain(`Осенняя кампания (#${campaign.id})`);
    expect(offered).not.toContain('Черновая кампания');
    await page.keyboard.press('Escape');
    await choose(page, 'import-campaign', 'Осенняя кампания');
    await expectText(page, `Осенняя кампания (#${campaign.id})`);

    // the file, as a buffer: its head goes to the preview
    const [preview] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/leads/import/preview'), { timeout: PAGE_LOAD_MS }),
      form.locator('input[type=file]').setInputFiles({ name: 'лиды.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') }),
    ]);
    expect(preview.status()).toBe(200);
    await mappingRow(page, 'lastName').waitFor();
    await expectText(page, 'Колонки файла');
    // the proposed mapping, with the first data row as the example
    // what the row shows (without react-select's hidden announcements for screen readers)
    const rowText = (field: string) =>
      mappingRow(page, field).evaluate((row) => {
        const cells = [...row.querySelectorAll('td')].map((td) => {
          const copy = td.cloneNode(true) as HTMLElement;
          copy.querySelectorAll('[aria-live], [id^="aria-"], input').forEach((n) => n.remove());
          return (copy.textContent ?? '').trim();
        });
        return cells.join(' ').replace(/\s+/g, ' ').trim();
      });
    expect(await rowText('lastName')).toMatch(/^Фамилия 1\. Фамилия Петров$/);
    expect(await rowText('firstName')).toMatch(/^Имя 2\. Имя Пётр$/);
    expect(await rowText('phone')).toMatch(/^Телефон 3\. Телефон 8 \(912\) 345-67-01$/);
    expect(await rowText('email')).toMatch(/^E-mail 4\. E-mail Petrov@Example\.com$/);
    expect(await rowText('notes')).toMatch(/^Комментарий — не импортировать —$/);
    await expectText(page, 'utf-8');
    await expectText(page, '; (точка с запятой)');
    expect(await contentText(page)).not.toMatch(/semicolon|Select\.\.\./);
    await shot(page, 'mapping-proposed');

    // «Откуда» goes to the notes
    await choose(page, 'import-map-notes', '5. Откуда');
    expect(await rowText('notes')).toMatch(/^Комментарий 5\. Откуда выставка$/);

    // dry run: counts, nothing written
    const [dry] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/leads/import?') && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
      page.getByTestId('import-dry-run').click(),
    ]);
    expect(dry.status()).toBe(200);
    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    await expectText(page, 'Проверка: строк 5, будет создано 3, дубликатов 1, с ошибками 1. Ничего не записано.');
    await expectText(page, 'Повтор строки 2 (тот же телефон)');
    await expectText(page, 'Нет ни телефона, ни e-mail');
    expect(await page.getByTestId('import-report').count()).toBe(0);
    await shot(page, 'dry-run');
    const [{ n: afterDry }] = await t.ds.query(`SELECT count(*)::int AS n FROM leads`);
    expect(afterDry).toBe(0);

    // the import
    const [done] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/leads/import?') && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
      page.getByTestId('import-run').click(),
    ]);
    expect(done.status()).toBe(201);
    const { batchId } = (await done.json()) as { batchId: string };
    await expectText(page, `Импорт №${batchId}: строк 5, создано 3, дубликатов 1, с ошибками 1.`);
    const rows = (await summary.locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['5 Повтор строки 2 (тот же телефон)', '6 Нет ни телефона, ни e-mail']);
    // the campaign now offers to undo it
    await page.getByTestId('import-undo').waitFor();
    expect((await page.getByTestId('import-undo').innerText()).trim()).toBe(`Отменить последний импорт (№${batchId}, лидов: 3)`);
    await shot(page, 'imported');
    await summary.screenshot({ path: '/tmp/e2e-import-summary.png' });

    // the error report
    const report = page.getByTestId('import-report');
    expect((await report.innerText()).trim()).toBe('Скачать отчёт об ошибках (CSV)');
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: PAGE_LOAD_MS }), report.click()]);
    expect(download.suggestedFilename()).toBe(`import-${batchId}-errors.csv`);
    const csv = (await fs.readFile((await download.path())!)).toString('utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r\n/);
    expect(lines[0]).toBe('Строка;Причина;Фамилия;Имя;Отчество;Телефон;E-mail;Комментарий');
    expect(lines.slice(1)).toEqual([
      // a phone is written as the text formula ="+7…", which a spreadsheet shows as typed: not a formula, not a number
      expect.stringMatching(/^5;Повтор строки 2 \(тот же телефон\);Петрова;Мария;;"=""\+79123456701""";maria@example\.com;сайт$/),
      // a cell holding either separator is quoted, so the file reads right whichever one a spreadsheet assumes
      expect.stringMatching(/^6;"Нет ни телефона, ни e-mail";Безконтактов;Иван;;;;сайт$/),
    ]);

    // in the database: three leads in the campaign, phones in E.164, e-mails lower-cased, the notes from «Откуда»
    const leads = await t.ds.query(
      `SELECT last_name, first_name, phone, email, notes, campaign_id, import_batch_id::text, created_by_id, status::text
         FROM leads ORDER BY phone`,
    );
    const common = { campaign_id: campaign.id, import_batch_id: batchId, created_by_id: operator.id, status: 'new' };
    expect(leads).toEqual([
      { ...common, last_name: 'Петров', first_name: 'Пётр', phone: '+79123456701', email: 'petrov@example.com', notes: 'выставка' },
      { ...common, last_name: 'Сидорова', first_name: 'Анна', phone: '+79123456702', email: null, notes: 'сайт' },
      { ...common, last_name: 'Кузнецов', first_name: 'Олег', phone: '+79123456703', email: 'kuznetsov@example.com', notes: 'звонок' },
    ]);

    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 90_000);

it('in the English panel (a Russian browser), refusals, rejected rows and the error report are English', async () => {
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, operator, '/admin/resources/leads', { firstLoadMs: FIRST_LOAD_MS });
    await page.goto(`${t.baseUrl}/admin/resources/leads/actions/import?lng=en`, { timeout: PAGE_LOAD_MS });
    await page.getByTestId('import-leads').waitFor({ timeout: PAGE_LOAD_MS });
    await expectText(page, 'Import leads from CSV');
    await choose(page, 'import-campaign', 'Осенняя кампания');

    // a file that is no CSV: the server's refusal, in the panel's language although the browser asks for Russian
    const [preview] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/leads/import/preview') && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
      page.locator('input[type="file"]').setInputFiles({ name: 'photo.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 2, 3]) }),
    ]);
    expect(preview.request().headers()['accept-language']).toBe('en');
    await expectText(page, 'This is not a CSV text file (it looks like binary data)');
    expect(await contentText(page)).not.toMatch(/[А-Яа-яЁё]{3,}.*двоичные/);

    // a file with a repeated and a bad row: the reasons in English
    const file = ['Last name,First name,Phone,E-mail', 'Smith,John,+7 912 345-67-91,', 'Smith,Jane,+79123456791,', 'Doe,Jim,,', ''].join('\r\n');
    await page.locator('input[type="file"]').setInputFiles({ name: 'leads.csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
    await page.getByTestId('import-run').waitFor();
    await page.waitForFunction(() => !(document.querySelector('[data-testid="import-run"]') as HTMLButtonElement | null)?.disabled);
    const [done] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/api/v1/leads/import?') && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
      page.getByTestId('import-run').click(),
    ]);
    expect(done.status()).toBe(201);
    const { batchId } = (await done.json()) as { batchId: string };
    await expectText(page, `Import #${batchId}: 3 rows, 1 created, 1 duplicates, 1 invalid.`);
    const rows = (await page.getByTestId('import-summary').locator('tbody tr').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['3 Repeats line 2 (same phone)', '4 Neither a phone nor an e-mail']);
    await shot(page, 'english');

    // the report: English headers, "," as an English spreadsheet splits
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: PAGE_LOAD_MS }), page.getByTestId('import-report').click()]);
    const csv = (await fs.readFile((await download.path())!)).toString('utf8');
    expect(csv.replace(/^\uFEFF/, '').trim().split(/\r\n/)).toEqual([
      'Line,Reason,Last name,First name,Middle name,Phone,E-mail,Notes',
      '3,Repeats line 2 (same phone),Smith,Jane,,"=""+79123456791""",,',
      '4,Neither a phone nor an e-mail,Doe,Jim,,,,',
    ]);
    expect(serverErrors).toEqual([]);
    // the browser notes the refused preview (422) in its console; nothing else may go wrong
    expect(log.errors.filter((e) => !/status of 422 .*\/api\/v1\/leads\/import\/preview/.test(e))).toEqual([]);
  } finally {
    await context.close();
  }
}, 90_000);
