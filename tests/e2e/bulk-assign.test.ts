/**
 * Bulk assignment by clicking, in a real Chromium (issue 13): an administrator ticks three leads in the leads list,
 * presses «Назначить» in the bar of the chosen rows, picks an active manager (a deactivated one is not offered) and
 * confirms; the notice says it is done, the list shows the manager as responsible for those three, and the
 * database holds exactly them assigned to that manager, the fourth lead (another manager's) untouched. The bar of the
 * ticked rows is seen whole, at 1400 and at 1024 px, neither cut nor covered by the search row above the list.
 * The header's «select all» box is ticked only when every row is, and clicking it then unticks them all.
 * The filter «Ответственный» shows one manager's leads, or those of nobody («Не назначен»); the filter button counts
 * the drawer's filters, not the search box's text.
 * Screenshots: /tmp/e2e-bulk-assign-*.png.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCampaign, makeLead, makeUser } from '../support/factories.js';
import { choose, CONTENT, expectText, logIn, openSession, screenshots, startAppAndBrowser, tick } from './browser.js';

const FIRST_LOAD_MS = 90_000;
const PAGE_LOAD_MS = 20_000;
const STEP_MS = 8_000;

let t: TestApp;
let browser: Browser;
let admin: { email: string; password: string; id: number };
let manager: { id: number };
let other: { id: number };
let campaign: { id: number };
let ticked: string[];
let untouched: string;
let spring: { id: number; others: string; nobodys: string };

const named = async (user: { id: number }, fullName: string) => t.ds.query(`UPDATE users SET full_name = $2 WHERE id = $1`, [user.id, fullName]);

beforeAll(async () => {
  [t, browser] = await startAppAndBrowser(startTestApp());
  admin = await makeUser(t.ds, ['admin']);
  manager = await makeUser(t.ds, ['manager']);
  other = await makeUser(t.ds, ['manager']);
  const gone = await makeUser(t.ds, ['manager'], { active: false });
  await named(manager, 'Петрова Мария Олеговна');
  await named(other, 'Кузнецов Олег Петрович');
  await named(gone, 'Смирнов Антон Ильич');
  campaign = await makeCampaign(t.ds, { status: 'active', name: 'Зимняя кампания' });
  ticked = [];
  for (let i = 0; i < 3; i++) ticked.push((await makeLead(t.ds, { campaignId: campaign.id })).id);
  untouched = (await makeLead(t.ds, { campaignId: campaign.id, status: 'in_progress' })).id;
  await t.ds.query(`UPDATE leads SET assignee_id = $1 WHERE id = $2`, [other.id, untouched]);
  const springId = (await makeCampaign(t.ds, { status: 'active', name: 'Весенняя кампания' })).id;
  spring = { id: springId, others: (await makeLead(t.ds, { campaignId: springId })).id, nobodys: (await makeLead(t.ds, { campaignId: springId })).id };
  await t.ds.query(`UPDATE leads SET assignee_id = $1 WHERE id = $2`, [other.id, spring.others]);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const shot = screenshots('bulk-assign');

/**
 * The bar of the ticked rows is seen whole: below the search row (not under it), and at the top, middle and bottom of
 * each of its buttons the browser finds that button, not what covers or cuts it (AdminJS places the bar above
 * the table, where the list's scrolling box used to clip its upper half).
 */
async function expectBarWhole(page: Page): Promise<void> {
  const bar = page.locator(`${CONTENT} [data-css="leads-table-caption"]`);
  await bar.getByText('Назначить', { exact: true }).waitFor();
  const [toolbar, barBox] = [await page.getByTestId('list-toolbar').boundingBox(), await bar.boundingBox()];
  if (!toolbar || !barBox) throw new Error('the search row or the bar of the ticked rows is not shown');
  expect(barBox.y).toBeGreaterThanOrEqual(toolbar.y + toolbar.height);
  const covered = await bar.evaluate((el) =>
    [...el.querySelectorAll('a, button')].flatMap((button) => {
      const r = button.getBoundingClientRect();
      const x = r.left + r.width / 2;
      return [r.top + 2, r.top + r.height / 2, r.bottom - 2]
        .map((y) => ({ y, hit: document.elementFromPoint(x, y) }))
        .filter(({ hit }) => !hit || !button.contains(hit))
        .map(({ y, hit }) => `«${button.textContent}» ${Math.round(y - r.top)} px from its top: ${hit ? `${hit.tagName} ${hit.getAttribute('data-css') ?? hit.className}` : 'nothing'}`);
    }),
  );
  expect(covered).toEqual([]);
}

it('an admin ticks 3 leads in the list and assigns them to an active manager', async () => {
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, admin, `/admin/resources/leads?filters.campaignId=${campaign.id}`, { firstLoadMs: FIRST_LOAD_MS, pageLoadMs: PAGE_LOAD_MS });
    const row = (id: string) => page.locator(`${CONTENT} table tbody tr[data-id="${id}"]`);
    await row(untouched).waitFor({ timeout: FIRST_LOAD_MS });
    const box = (id: string) => row(id).locator('input[type="checkbox"]');
    for (const id of ticked) await tick(box(id));
    await expectText(page, 'Выбрано: 3');
    expect(await box(untouched).isChecked()).toBe(false);
    await shot(page, 'ticked');
    await expectBarWhole(page);
    // a 1024 px laptop (the sidebar folds away): the bar is whole there too
    await page.setViewportSize({ width: 1024, height: 768 });
    await expectBarWhole(page);
    await shot(page, 'ticked-1024');
    await page.setViewportSize({ width: 1400, height: 900 });

    // The header's «select all» box is ticked only when every row of the page is (AdminJS 7 ticks it with one row
    // ticked), and clicking it then unticks them all: the bar of the ticked rows goes away.
    const all = page.locator(`${CONTENT} table thead input[type="checkbox"]`);
    expect(await all.isChecked()).toBe(false);
    await tick(box(untouched));
    await expectText(page, 'Выбрано: 4');
    expect(await all.isChecked()).toBe(true);
    await tick(all, false);
    await page.locator(`${CONTENT} [data-css="leads-table-caption"]`).waitFor({ state: 'detached', timeout: STEP_MS });
    for (const id of [...ticked, untouched]) expect(await box(id).isChecked()).toBe(false);
    for (const id of ticked) await tick(box(id));
    await expectText(page, 'Выбрано: 3');
    expect(await all.isChecked()).toBe(false);

    await page.getByRole('button', { name: 'Назначить', exact: true }).or(page.getByRole('link', { name: 'Назначить', exact: true })).first().click();
    const form = page.getByTestId('assign-leads');
    await form.waitFor({ timeout: PAGE_LOAD_MS });
    await expectText(page, 'Назначить ответственного: 3 лида');

    // The picker offers the active managers (and administrators), not the deactivated one.
    await page.locator('#assigneeId').click();
    const options = page.locator('[id^="react-select-"][id*="-option-"]');
    await options.filter({ hasText: 'Петрова Мария Олеговна' }).waitFor();
    const offered = await options.allInnerTexts();
    expect(offered).toEqual(expect.arrayContaining(['Петрова Мария Олеговна', 'Кузнецов Олег Петрович']));
    expect(offered.join(' | ')).not.toContain('Смирнов');
    await page.keyboard.press('Escape');
    await choose(page, 'assigneeId', 'Петрова');
    await shot(page, 'form');

    // The notice (above the panel, not in its content area) goes away after 3 s: watched from the click on.
    const noticed = page.getByTestId('notice-wrapper').filter({ hasText: 'Ответственный назначен: 3' }).waitFor({ timeout: PAGE_LOAD_MS });
    await form.getByRole('button', { name: 'Назначить', exact: true }).click();
    await noticed;
    await page.waitForURL(`${t.baseUrl}/admin/resources/leads`, { timeout: PAGE_LOAD_MS });
    for (const id of ticked) await row(id).locator('td[data-property-name="assigneeId"]').filter({ hasText: 'Петрова Мария Олеговна' }).waitFor({ timeout: PAGE_LOAD_MS });
    expect(await row(untouched).locator('td[data-property-name="assigneeId"]').innerText()).toContain('Кузнецов Олег Петрович');
    await shot(page, 'assigned');

    const leads: { id: string; assignee_id: number | null; status: string }[] = await t.ds.query(
      `SELECT id::text AS id, assignee_id, status::text AS status FROM leads WHERE campaign_id = $1 ORDER BY id`,
      [campaign.id],
    );
    expect(leads).toEqual([
      ...ticked.map((id) => ({ id: String(id), assignee_id: manager.id, status: 'new' })),
      { id: String(untouched), assignee_id: other.id, status: 'in_progress' },
    ]);
    const [{ count }] = await t.ds.query(`SELECT count(*)::int AS count FROM leads WHERE assignee_id = $1`, [manager.id]);
    expect(count).toBe(3);
    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 240_000);

it('the «Ответственный» filter shows one manager\'s leads, or those nobody is responsible for', async () => {
  const { context, page, log, serverErrors } = await openSession(browser, STEP_MS);
  try {
    await logIn(page, t.baseUrl, admin, `/admin/resources/leads?filters.campaignId=${spring.id}`, { firstLoadMs: FIRST_LOAD_MS, pageLoadMs: PAGE_LOAD_MS });
    const rows = page.locator(`${CONTENT} table tbody tr[data-id]`);
    const shown = async (ids: string[]) => {
      await page.waitForFunction(
        ({ sel, want }) => [...document.querySelectorAll(sel)].map((r) => r.getAttribute('data-id')).sort().join() === want,
        { sel: `${CONTENT} table tbody tr[data-id]`, want: [...ids].sort().join() },
        { timeout: PAGE_LOAD_MS },
      );
      expect(await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-id')).sort())).toEqual([...ids].sort());
    };
    await shown([spring.others, spring.nobodys]);

    const drawer = page.locator('form[data-css="leads-filter-drawer"]');
    // The drawer stays open after «Применить»; a closed one is moved off the right edge.
    const drawerOpen = () => drawer.evaluate((d) => d.getBoundingClientRect().left < window.innerWidth - 1).catch(() => false);
    const filterBy = async (label: string, param: string) => {
      if (!(await drawerOpen())) await page.locator(CONTENT).locator('a, button').filter({ hasText: /^\s*Фильтр/ }).first().click();
      await drawer.getByText('Применить', { exact: true }).waitFor({ timeout: PAGE_LOAD_MS });
      await choose(page, 'filter-assigneeId', label);
      await drawer.getByText('Применить', { exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get('filters.assigneeId') === param && url.searchParams.get('filters.campaignId') === String(spring.id), { timeout: PAGE_LOAD_MS });
    };
    await filterBy('Кузнецов', String(other.id));
    await shown([spring.others]);
    await shot(page, 'filter-manager');
    await filterBy('Не назначен', 'none');
    await shown([spring.nobodys]);
    await shot(page, 'filter-nobody');
    // The button counts the drawer's filters (campaign and responsible), not the search box's text; a period is one.
    const button = page.locator('[data-css="leads-filter-button"]');
    await expect(button.innerText()).resolves.toBe('Фильтр (2)');
    await page.goto(`${t.baseUrl}/admin/resources/leads?filters.search=${encodeURIComponent('Иванов')}&filters.createdAt~~from=2026-01-01&filters.createdAt~~to=2026-12-31`, { timeout: PAGE_LOAD_MS });
    await rows.first().waitFor({ timeout: PAGE_LOAD_MS });
    await expect(button.innerText()).resolves.toBe('Фильтр (1)');
    expect(serverErrors).toEqual([]);
    expect(log.errors).toEqual([]);
  } finally {
    await context.close();
  }
}, 120_000);
