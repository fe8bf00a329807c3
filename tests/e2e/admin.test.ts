/**
 * The panel as people use it, in a real Chromium (Russian locale, Moscow time): log in through the form, walk
 * the six resource lists from the sidebar, create a service and a contract through the forms, switch to English,
 * log out; an operator neither sees nor opens the users list.
 *
 * Content checks are collected (`problems`) rather than thrown at the first one, so one run reports every
 * problem a person would see; navigation failures stop the test at once. Screenshots: /tmp/e2e-*.png.
 */
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app.js';
import { makeCustomer, makeService, makeUser } from '../support/factories.js';
import { logIn, openSession, type PageLog, startAppAndBrowser } from './browser.js';

const PAGE_LOAD_MS = 20_000;
const STEP_MS = 8_000;
/** Spaces Intl puts in Russian numbers: ordinary, no-break, narrow no-break. */
const SP = '[\\s\\u00a0\\u202f]';
const money = (int: string, frac: string) => new RegExp(`${int.replace(/ /g, SP)},${frac}${SP}?₽`);
/** English texts of AdminJS and react-datepicker that must not show in the Russian UI. */
const ENGLISH = new RegExp(
  '(?<![A-Za-z])(' +
    [
      'Select\\.\\.\\.', 'Create new', 'Filters?', 'Reset', 'Apply changes', 'Log out', 'Save', 'No records[^\\n]*',
      'There was an error[^\\n]*', 'Selected date[^\\n]*', 'Choose (?:Sun|Mon|Tues|Wednes|Thurs|Fri|Satur)day[^\\n]*',
      '(?:Sun|Mon|Tues|Wednes|Thurs|Fri|Satur)day',
      '(?:January|February|March|April|May|June|July|August|September|October|November|December)(?: \\d{4})?',
      'Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su',
    ].join('|') +
    ')(?![A-Za-z])',
  'g',
);

let t: TestApp;
let browser: Browser;
let fixtures: { admin: { email: string; password: string }; operator: { email: string; password: string } };

beforeAll(async () => {
  [t, browser] = await startAppAndBrowser(startTestApp());
  const admin = await makeUser(t.ds, ['admin']);
  const operator = await makeUser(t.ds, ['operator']);
  await makeService(t.ds, { name: 'Аудит рекламы', price: '12345.60' });
  // a customer with one contract (signed 2026-01-10, 2 500,00) over an active campaign and a converted lead
  await makeCustomer(t.ds, { amount: '2500.00' });
  fixtures = { admin, operator };
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** One browser context per test, with what went wrong in it (the server's 5xx answers among the problems). */
async function session(): Promise<{ context: BrowserContext; page: Page; log: PageLog; problems: string[]; check: Check }> {
  const problems: string[] = [];
  const { context, page, log } = await openSession(browser, STEP_MS, problems);
  const check: Check = async (what, fn) => {
    try {
      await fn();
    } catch (e) {
      problems.push(`${what}: ${(e as Error).message.replace(/\u001b\[\d+m/g, '').replace(/\s+/g, ' ').slice(0, 600)}`);
    }
  };
  return { context, page, log, problems, check };
}
type Check = (what: string, fn: () => Promise<void>) => Promise<void>;

const started = Date.now();
const mark = (name: string) => {
  if (process.env.E2E_TIMING) console.log(`${((Date.now() - started) / 1000).toFixed(1)}s ${name}`);
};
const shot = async (page: Page, name: string) => {
  mark(name);
  await page.screenshot({ path: `/tmp/e2e-${name}.png` });
};

/** The visible text of the content area (top bar, notices, breadcrumbs, the action), without the sidebar. */
const contentText = (page: Page) => page.locator('[data-css="app-content"]').innerText();

async function expectText(page: Page, pattern: RegExp | string, where = '[data-css="app-content"]') {
  const text = await page.locator(where).innerText();
  const ok = typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
  if (!ok) throw new Error(`expected ${pattern} in «${text.replace(/\s+/g, ' ').slice(0, 400)}»`);
}

/** English words left in the Russian UI; a closed filter drawer (kept in the page) is checked on its own. */
async function englishIn(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const drawer = document.querySelector<HTMLElement>('form[data-css$="-filter-drawer"]');
    const open = drawer && drawer.getBoundingClientRect().left < window.innerWidth - 1;
    const display = drawer?.style.display ?? '';
    if (drawer && !open) drawer.style.display = 'none';
    const all = document.body.innerText;
    if (drawer) drawer.style.display = display;
    return all;
  });
  return [...new Set(text.match(ENGLISH) ?? [])];
}

/**
 * Values that must read as one piece — money, dates, phones, e-mails — but wrap onto several lines in a list
 * cell (a narrow column breaking "2 500,00 ₽" after "2 500,0").
 */
async function wrappedCells(page: Page): Promise<string[]> {
  return page.locator('table tbody td').evaluateAll((cells) =>
    cells.flatMap((td) => {
      const text = (td as HTMLElement).innerText.replace(/\s+/g, ' ').trim();
      if (!/₽$|^\d{4}-\d{2}-\d{2}$|^\d{2}\.\d{2}\.\d{4}$|^\+\d{7,}$|^\S+@\S+$/.test(text)) return [];
      // the lines of the text itself (a cell may wrap its value in a block that cuts it with «…»: its box is no line)
      const lines = new Set<number>();
      const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of Array.from(range.getClientRects())) if (r.height > 0) lines.add(Math.round(r.top));
      }
      return lines.size > 1 ? [text] : [];
    }),
  );
}

/** Opens a resource list from the sidebar (unfolding its group) and waits for the list API to answer. */
async function openList(page: Page, group: string, label: string, resourceId: string): Promise<Response> {
  const link = page.locator(`[data-css="sidebar"] a[href$="/admin/resources/${resourceId}"]`);
  if (!(await link.isVisible())) await page.locator('[data-css="sidebar"]').getByText(group, { exact: true }).click();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().includes(`/admin/api/resources/${resourceId}/actions/list`)),
    link.filter({ hasText: label }).click(),
  ]);
  await page.waitForURL(new RegExp(`/admin/resources/${resourceId}(\\?|$)`));
  await page.locator('table, [data-css$="-no-records"], [data-testid="no-records"]').first().waitFor().catch(() => undefined);
  return response;
}

/** Picks a day of the month the date picker opens on, by clicking it as a person does. */
async function pickDay(page: Page, property: string, day: number) {
  await page.getByTestId(`property-edit-${property}`).locator('input').click();
  const calendar = page.locator('.react-datepicker');
  await calendar.waitFor();
  await calendar.locator(`.react-datepicker__day--${String(day).padStart(3, '0')}:not(.react-datepicker__day--outside-month)`).click();
  await calendar.waitFor({ state: 'hidden' }).catch(() => page.keyboard.press('Escape'));
}

async function pickOption(page: Page, property: string, text: string) {
  await page.getByTestId(`property-edit-${property}`).locator('input').first().click();
  await page.locator('[id*="-option-"]').filter({ hasText: text }).first().click();
}

it('an administrator works through the panel in Russian, switches to English and logs out', async () => {
  const { context, page, log, problems, check } = await session();
  try {
    await logIn(page, t.baseUrl, fixtures.admin);
    await page.getByTestId('dashboard').waitFor();
    await shot(page, 'admin-dashboard');
    await check('dashboard is in Russian', () => expectText(page, 'Статистика кампаний'));
    await check('sidebar groups are in Russian', async () => {
      for (const g of ['Маркетинг', 'Продажи', 'Администрирование']) await expectText(page, g, '[data-css="sidebar"]');
    });

    const lists: Array<{ id: string; group: string; title: string; headers: string[]; cells: Array<RegExp | string> }> = [
      { id: 'services', group: 'Маркетинг', title: 'Услуги', headers: ['Название', 'Цена'], cells: ['Аудит рекламы', money('12 345', '60')] },
      { id: 'campaigns', group: 'Маркетинг', title: 'Рекламные кампании', headers: ['Название', 'Бюджет', 'Статус'], cells: [money('5 000', '00'), 'Активна', 'Контекстная реклама'] },
      { id: 'leads', group: 'Продажи', title: 'Лиды', headers: ['Телефон', 'Статус'], cells: ['Стал клиентом', /\+7 912 \d{3}-\d{2}-\d{2}/] },
      { id: 'customers', group: 'Продажи', title: 'Клиенты', headers: ['Клиент'], cells: ['Иванов Иван'] },
      // the seeded contract was signed on 2026-01-10: shown as that day, not the 9th
      { id: 'contracts', group: 'Продажи', title: 'Контракты', headers: ['Название', 'Сумма', 'Дата подписания'], cells: ['Договор', money('2 500', '00'), /10\.01\.2026/] },
      { id: 'users', group: 'Администрирование', title: 'Пользователи', headers: ['E-mail', 'Роли'], cells: [fixtures.admin.email, 'Администратор', 'Оператор'] },
    ];
    for (const l of lists) {
      const response = await openList(page, l.group, l.title, l.id);
      await shot(page, `admin-list-${l.id}`);
      await check(`${l.id}: list API answers 200`, async () => {
        if (response.status() !== 200) throw new Error(`got ${response.status()}`);
      });
      await check(`${l.id}: title «${l.title}»`, () => expectText(page, l.title));
      await check(`${l.id}: column headers ${l.headers.join(', ')}`, async () => {
        for (const h of l.headers) await expectText(page, h, 'table thead');
      });
      await check(`${l.id}: cells ${l.cells.join(', ')}`, async () => {
        for (const c of l.cells) await expectText(page, c, 'table tbody');
      });
      await check(`${l.id}: no English words in the Russian UI`, async () => {
        const words = await englishIn(page);
        if (words.length) throw new Error(`found ${JSON.stringify(words)}`);
      });
      await check(`${l.id}: money, dates, phones and e-mails on one line (1400 px wide window)`, async () => {
        const wrapped = await wrappedCells(page);
        if (wrapped.length) throw new Error(`wrapped mid-value: ${JSON.stringify(wrapped)}`);
      });
    }

    // The filter of the contracts list (money and date ranges, references) and one contract's page.
    await openList(page, 'Продажи', 'Контракты', 'contracts');
    await page.locator('[data-css="app-content"]').locator('a, button').filter({ hasText: /^\s*Фильтр/ }).first().click();
    const drawer = page.locator('form[data-css="contracts-filter-drawer"]');
    await drawer.getByText('Применить', { exact: true }).waitFor();
    await page.waitForTimeout(600); // the drawer slides in
    await shot(page, 'admin-contracts-filter');
    await check('contracts filter: no English words', async () => {
      const words = await englishIn(page);
      if (words.length) throw new Error(`found ${JSON.stringify(words)}`);
    });
    await drawer.locator('h3 + button').click();
    // closed, the drawer stays in the page, moved off the right edge
    await page.waitForFunction(() => {
      const d = document.querySelector('form[data-css="contracts-filter-drawer"]');
      return !d || d.getBoundingClientRect().left >= window.innerWidth - 1;
    });
    await page.locator('table tbody tr').filter({ hasText: 'Договор' }).first().locator('td').nth(2).click();
    await page.waitForURL(/\/admin\/resources\/contracts\/records\/\d+\/show/);
    await page.locator('[data-testid="property-show-amount"], section[data-css$="-show-amount"]').first().waitFor().catch(() => undefined);
    await shot(page, 'admin-contract-show');
    await check('contract page: amount with ₽ and the signing day', async () => {
      await expectText(page, money('2 500', '00'));
      await expectText(page, /2026-01-10|10\.01\.2026/);
      await expectText(page, 'Дата подписания');
    });
    await check('contract page: no English words', async () => {
      const words = await englishIn(page);
      if (words.length) throw new Error(`found ${JSON.stringify(words)}`);
    });
    // Edited and saved unchanged, its dates stay the same days.
    await page.getByRole('link', { name: 'Редактировать' }).click();
    await page.getByTestId('property-edit-signedOn').locator('input').waitFor();
    await shot(page, 'admin-contract-edit');
    await check('contract edit form shows the stored days', async () => {
      for (const [p, v] of [['signedOn', '10'], ['startsOn', '15'], ['endsOn', '31']] as const) {
        const shown = await page.getByTestId(`property-edit-${p}`).locator('input').inputValue();
        if (!new RegExp(`^(2026[-/](01|12)[-/]${v}|${v}\\.(01|12)\\.2026)$`).test(shown)) throw new Error(`${p} shows «${shown}»`);
      }
    });
    await page.getByTestId('button-save').click();
    await page.waitForURL(/\/admin\/resources\/contracts\/records\/\d+\/show|\/admin\/resources\/contracts(\?|$)/).catch(() => undefined);
    await check('contract saved unchanged keeps its dates', async () => {
      const rows = await t.ds.query(`SELECT signed_on::text, starts_on::text, ends_on::text FROM contracts WHERE name = 'Договор'`);
      expect(rows).toEqual([{ signed_on: '2026-01-10', starts_on: '2026-01-15', ends_on: '2026-12-31' }]);
      await expectText(page, 'Изменения сохранены');
    });

    // A new service through the form: the price typed the Russian way is shown with two decimals and ₽.
    await openList(page, 'Маркетинг', 'Услуги', 'services');
    await page.getByRole('link', { name: 'Создать' }).click();
    await page.locator('input#name').fill('Настройка рекламы E2E');
    await page.locator('input#price').pressSequentially('1500,5');
    await shot(page, 'admin-service-form');
    // After «Сохранить» the new record's card opens, headed by its name.
    await Promise.all([page.waitForURL(/\/admin\/resources\/services\/records\/\d+\/show(\?|$)/), page.getByTestId('button-save').click()]);
    await page.getByTestId('page-title').filter({ hasText: 'Настройка рекламы E2E' }).waitFor();
    await shot(page, 'admin-service-created');
    await check('service created notice', () => expectText(page, 'Запись создана'));
    await check('new service price shown with ₽', async () => {
      const text = await contentText(page);
      if (!money('1 500', '50').test(text)) throw new Error(`the card shows «${text.replace(/\s+/g, ' ').slice(0, 400)}»`);
    });
    const [stored] = await t.ds.query(`SELECT price FROM services WHERE name = 'Настройка рекламы E2E'`);
    expect(stored).toEqual({ price: '1500.50' });

    // A contract through the form, dates picked in the calendar in Moscow: stored as the days picked.
    const month: string = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
    });
    await openList(page, 'Продажи', 'Контракты', 'contracts');
    await page.getByRole('link', { name: 'Создать' }).click();
    await page.locator('input#name').fill('Договор E2E');
    await pickOption(page, 'customerId', 'Иванов Иван');
    await pickOption(page, 'serviceId', 'Аудит рекламы');
    await page.locator('input#amount').pressSequentially('30000');
    await page.getByTestId('property-edit-signedOn').locator('input').click();
    await page.locator('.react-datepicker').waitFor();
    await shot(page, 'admin-contract-datepicker');
    await check('date picker month and weekdays in Russian, weeks from Monday', async () => {
      // the weekday cells touch in innerText ("SuMoTu…"), so they are taken one by one for the word check
      const weekdays = await page.locator('.react-datepicker__day-name').allInnerTexts();
      const header = [await page.locator('.react-datepicker').innerText(), ...weekdays].join('\n');
      const english = header.match(ENGLISH);
      if (english) throw new Error(`calendar shows ${JSON.stringify([...new Set(english)])}`);
      if (!/^пн$/i.test(weekdays[0]?.trim() ?? '')) throw new Error(`the week starts with «${weekdays[0]}», not Monday (пн)`);
    });
    await page.keyboard.press('Escape');
    await pickDay(page, 'signedOn', 1);
    await pickDay(page, 'startsOn', 15);
    await pickDay(page, 'endsOn', 28);
    await shot(page, 'admin-contract-form');
    // the pickers' announcements of the picked days ("Selected date: …") are part of the form's text
    await check('contract form with picked dates: no English words', async () => {
      const words = await englishIn(page);
      if (words.length) throw new Error(`found ${JSON.stringify(words)}`);
    });
    await check('picked dates shown in the form', async () => {
      for (const [p, d] of [['signedOn', '01'], ['startsOn', '15'], ['endsOn', '28']] as const) {
        const v = await page.getByTestId(`property-edit-${p}`).locator('input').inputValue();
        const [y, m] = month.split('-');
        if (![`${month}-${d}`, `${y}/${m}/${d}`, `${d}.${m}.${y}`].includes(v)) throw new Error(`${p} shows «${v}» after picking ${month}-${d}`);
      }
    });
    await page.getByTestId('button-save').click();
    const saved = await page.waitForURL(/\/admin\/resources\/contracts\/records\/\d+\/show(\?|$)/, { timeout: STEP_MS }).then(() => true, () => false);
    await page.waitForTimeout(300);
    await shot(page, 'admin-contract-saved');
    await check('contract form saved (on its card, «Запись создана»)', async () => {
      if (!saved) throw new Error(`still on the form, which shows «${(await contentText(page)).replace(/\s+/g, ' ').slice(0, 500)}»`);
      await expectText(page, 'Запись создана');
    });
    await check('contract form: no English words', async () => {
      const words = await englishIn(page);
      if (words.length) throw new Error(`found ${JSON.stringify(words)}`);
    });
    const contracts = await t.ds.query(`SELECT signed_on::text, starts_on::text, ends_on::text, amount FROM contracts WHERE name = 'Договор E2E'`);
    await check('contract stored with the days picked in Moscow', async () => {
      expect(contracts).toEqual([{ signed_on: `${month}-01`, starts_on: `${month}-15`, ends_on: `${month}-28`, amount: '30000.00' }]);
    });
    if (contracts.length) {
      await check('contract card shows the picked start day', async () => {
        const text = await contentText(page);
        const [y, m] = month.split('-');
        if (!new RegExp(`${month}-15|15\\.${m}\\.${y}`).test(text)) throw new Error(`row shows «${text.replace(/\s+/g, ' ')}»`);
      });
    }

    // English through the language selector.
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.locator('[data-css="topbar"]').getByText('English', { exact: true }).click();
    await page.locator('[data-css="sidebar"]').getByText('Marketing', { exact: true }).waitFor();
    await openList(page, 'Marketing', 'Services', 'services');
    await shot(page, 'admin-english');
    await check('English labels', async () => {
      await expectText(page, 'Services');
      for (const h of ['Name', 'Price']) await expectText(page, h, 'table thead');
      for (const g of ['Marketing', 'Sales', 'Administration']) await expectText(page, g, '[data-css="sidebar"]');
    });
    await check('money written the English way, in roubles', async () => {
      const prices = await page.locator('table tbody td[data-property-name="price"]').allInnerTexts();
      expect(prices).toContain('₽12,345.60');
      expect(prices.join(' ')).not.toMatch(/\d,\d\d\s*₽/);
    });
    await check('no Russian labels left in the English UI', async () => {
      const text = await page.locator('[data-css="sidebar"], table thead').allInnerTexts();
      const cyrillic = text.join(' ').match(/[А-Яа-яЁё]+/g);
      if (cyrillic) throw new Error(`found ${JSON.stringify(cyrillic)}`);
    });
    // A refusal the server words (a name already taken) comes in the chosen language too.
    await page.getByRole('link', { name: 'Create new' }).first().click();
    await page.locator('input#name').fill('Настройка рекламы E2E');
    await page.locator('input#price').pressSequentially('10');
    const [refused] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/admin/api/resources/services/actions/new') && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
      page.getByTestId('button-save').click(),
    ]);
    await check('a refusal in the English panel is English', async () => {
      const body = await refused.json();
      expect(body.record.errors.name.message).toBe('A service with this name already exists');
      await page.getByText('A service with this name already exists').first().waitFor({ timeout: PAGE_LOAD_MS });
    });
    await check('no Russian refusal in the English panel', async () => {
      const text = await page.locator('[data-css="app-content"]').innerText();
      if (/Услуга с таким названием/.test(text)) throw new Error(`page shows «${text.replace(/\s+/g, ' ').slice(0, 300)}»`);
    });
    // Money typed the English way: a comma groups thousands, the field then reads as the list does.
    await page.locator('input#name').fill('Ad audit E2E');
    await page.locator('input#price').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.locator('input#price').pressSequentially('12,500.75');
    await page.locator('input#name').click();
    await check('English money typing', async () => {
      expect(await page.locator('input#price').inputValue()).toBe('₽12,500.75');
    });
    const [savedEn] = await Promise.all([
      page.waitForResponse((r) => r.url().includes('/admin/api/resources/services/actions/new') && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
      page.getByTestId('button-save').click(),
    ]);
    await check('English money saved as typed', async () => {
      expect((await savedEn.json()).record.errors).toEqual({});
      const [row] = await t.ds.query(`SELECT price FROM services WHERE name = 'Ad audit E2E'`);
      expect(row).toEqual({ price: '12500.75' });
    });

    // Log out from the user menu (a POST: a GET must not log anybody out): back at the login form, the panel closed.
    await page.locator('[data-css="logged-in"]').hover();
    const [logout] = await Promise.all([
      page.waitForRequest((r) => new URL(r.url()).pathname === '/admin/logout', { timeout: PAGE_LOAD_MS }),
      page.waitForURL(/\/admin\/login$/, { timeout: PAGE_LOAD_MS }),
      page.locator('[data-css="logged-in"] a').filter({ hasText: /Log ?out|Выйти/ }).click(),
    ]);
    expect(logout.method()).toBe('POST');
    await page.locator('input[name="password"]').waitFor();
    await shot(page, 'admin-logged-out');
    const after = await page.request.get(`${t.baseUrl}/admin/api/resources/services/actions/list`, { headers: { accept: 'application/json' } });
    expect(after.status()).toBe(401);

    await check('no errors in the browser console', async () => {
      if (log.errors.length) throw new Error(log.errors.join(' ; '));
    });
    await check('no request left our server (fonts included)', async () => {
      if (log.blocked.length) throw new Error(`requests to other hosts: ${log.blocked.join(' ; ')}`);
    });
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}, 90_000);

it('an operator does not see Users and is refused the users list', async () => {
  const { context, page, log, problems, check } = await session();
  try {
    // Whatever the page asks of the users API must carry no user.
    const usersCalls: Response[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/admin/api/resources/users/')) usersCalls.push(r);
    });
    // A bookmarked link to the users list: the login form, then back to the link.
    await logIn(page, t.baseUrl, fixtures.operator, '/admin/resources/users');
    await page.locator('[data-css="app-content"]').getByText(/нет прав|Недостаточно прав|не найден|Пользователи|Users/i).first().waitFor({ timeout: PAGE_LOAD_MS }).catch(() => undefined);
    await shot(page, 'operator-users');
    const text = await contentText(page);
    expect(text).not.toContain(fixtures.admin.email);
    expect(await page.locator('table tbody tr').count()).toBe(0);
    await check('a refusal is shown in Russian, saying who may open the section', async () => {
      if (!text.includes('Раздел «Пользователи» доступен администраторам')) throw new Error(`page shows «${text.replace(/\s+/g, ' ').slice(0, 300)}»`);
    });
    for (const call of usersCalls) {
      const body = await call.json().catch(() => ({}));
      expect(body.records ?? []).toEqual([]);
    }

    // unfold every group of the sidebar
    const links = page.locator('[data-css="sidebar"] a[href*="/admin/resources/"]');
    for (const g of await page.locator('[data-css="sidebar"] li > a:not([href])').all()) {
      const before = await links.count();
      await g.click();
      if ((await links.count()) < before) await g.click();
    }
    await shot(page, 'operator-sidebar');
    const sidebar = await page.locator('[data-css="sidebar"]').innerText();
    expect(sidebar).toContain('Услуги');
    expect(sidebar).toContain('Лиды');
    expect(sidebar).not.toContain('Пользователи');
    expect(await page.locator('a[href$="/admin/resources/users"]').count()).toBe(0);
    await check('no errors in the browser console', async () => {
      const unexpected = log.errors.filter((e) => !/status of 403/.test(e));
      if (unexpected.length) throw new Error(unexpected.join(' ; '));
    });
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
}, 60_000);

it('a new user\'s «Активен» starts ticked: left ticked the user can work, unticked the user is created inactive', async () => {
  const { context, page, problems } = await session();
  try {
    await logIn(page, t.baseUrl, fixtures.admin);
    for (const [email, untick] of [['ticked@example.com', false], ['unticked@example.com', true]] as const) {
      // The full name comes in the address, as a link would bring it (the form then replaces its record once).
      await page.goto(`${t.baseUrl}/admin/resources/users/actions/new?fullName=${encodeURIComponent('Пётр Новиков')}`, { timeout: PAGE_LOAD_MS });
      const form = page.locator('form[data-css="users-new-form"]');
      await form.locator('input[name="email"]').waitFor({ timeout: PAGE_LOAD_MS });
      // the form has taken the name from the address (its one replacement of the record) before anything is typed
      await page.waitForFunction(
        () => document.querySelector<HTMLInputElement>('form[data-css="users-new-form"] input[name="fullName"]')?.value === 'Пётр Новиков',
        undefined,
        { timeout: STEP_MS },
      );
      await form.locator('input[name="email"]').fill(email);
      await form.locator('label[for="roles-operator"]').click();
      await form.locator('input[name="password"]').fill('long-enough-pass');
      const box = form.locator('input#active');
      // the box is ticked as the form opens (a moment after it is drawn), not merely shown so
      const ticked = await page
        .waitForFunction(() => document.querySelector<HTMLInputElement>('form[data-css="users-new-form"] input#active')?.checked, undefined, { timeout: STEP_MS })
        .then(() => true, () => false);
      if (!ticked) await shot(page, 'admin-new-user-not-ticked');
      expect(ticked).toBe(true);
      if (untick) await form.locator('label[for="active"]').first().click();
      const settled = await page
        .waitForFunction((want) => document.querySelector<HTMLInputElement>('form[data-css="users-new-form"] input#active')?.checked === want, !untick, { timeout: STEP_MS })
        .then(() => true, () => false);
      expect(settled).toBe(true);
      await expect(box.isChecked()).resolves.toBe(!untick);
      await shot(page, `admin-new-user-${untick ? 'unticked' : 'ticked'}`);
      const [saved] = await Promise.all([
        page.waitForResponse((r) => r.url().includes('/admin/api/resources/users/actions/new') && r.request().method() === 'POST', { timeout: PAGE_LOAD_MS }),
        page.getByTestId('button-save').click(),
      ]);
      expect((await saved.json()).record.errors).toEqual({});
      const [row] = await t.ds.query(`SELECT active, roles::text[] AS roles FROM users WHERE email = $1`, [email]);
      expect(row).toEqual({ active: !untick, roles: ['operator'] });
    }
    expect(problems).toEqual([]);
  } finally {
    await context.close();
  }
});
