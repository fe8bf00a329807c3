/**
 * The demo company, generated: «Вектор Диджитал», a web agency selling eleven services through some thirty campaigns
 * of the last twelve months on every channel, with the leads, customers, contracts and documents those campaigns
 * brought. Pure and deterministic: the same seed and date give the same rows (ids included); the loader only adds
 * the demo users' ids and passwords.
 *
 * Every rule the services enforce holds by construction: leads only in launched campaigns, created between launch
 * and finish (or the start of `today` for running ones), phones in E.164 and e-mails in lower case; a converted
 * lead has one customer with one or more contracts (amount > 0, signed on or after the conversion day and before
 * today, ends_on >= starts_on); a lost lead has a reason; leads are entered by operators, customers converted by
 * managers (sometimes the administrator).
 */
import { prng } from '../shared/prng.js';
import type { CampaignStatus, Channel } from '../modules/campaigns/campaign.values.js';
import type { LeadStatus } from '../modules/leads/lead.entity.js';
import type { Role } from '../modules/users/roles.js';
import { pdfDocument } from './pdf.js';
import { email, fullName, mobilePhone, person, type Person } from './people.js';

export const DEMO_SEED = 20260101;
export const DEMO_LEADS = 20_000;
const COMPANY = 'ООО «Вектор Диджитал»';

export interface DemoOptions {
  seed: number;
  /** the run date, YYYY-MM-DD (Moscow): the data ends at its start, so that the dashboard looks current */
  today: string;
  leads: number;
}

export interface DemoUser {
  key: string;
  email: string;
  fullName: string;
  roles: Role[];
}
export interface DemoService { id: number; name: string; description: string; price: string; createdAt: Date }
export interface DemoCampaign {
  id: number; name: string; serviceId: number; channel: Channel; budget: string; status: CampaignStatus;
  launchedAt: Date | null; finishedAt: Date | null; createdAt: Date; updatedAt: Date;
}
export interface DemoImportBatch { id: number; campaignId: number; fileName: string; createdBy: string; rows: number; createdAt: Date }
export interface DemoLead {
  id: number; lastName: string; firstName: string; middleName: string | null; phone: string | null; email: string | null;
  campaignId: number; status: LeadStatus; notes: string; lostReason: string | null; importBatchId: number | null;
  createdBy: string; createdAt: Date; updatedAt: Date;
}
export interface DemoCustomer { id: number; displayName: string; leadId: number; convertedAt: Date; convertedBy: string }
export interface DemoDocument { id: number; fileName: string; data: Buffer; uploadedBy: string; createdAt: Date }
export interface DemoContract {
  id: number; name: string; serviceId: number; customerId: number; amount: string; signedOn: string; startsOn: string;
  endsOn: string; documentId: number | null; createdAt: Date;
}

export interface DemoData {
  users: DemoUser[];
  services: DemoService[];
  campaigns: DemoCampaign[];
  importBatches: DemoImportBatch[];
  documents: DemoDocument[];
  leads: DemoLead[];
  customers: DemoCustomer[];
  contracts: DemoContract[];
}

/** One user per role, two operators and two managers; e-mails on a reserved domain, which marks them as the demo's. */
export const DEMO_USERS: readonly DemoUser[] = [
  { key: 'admin', email: 'admin@demo.example', fullName: 'Соколова Мария Андреевна', roles: ['admin'] },
  { key: 'marketer', email: 'marketer@demo.example', fullName: 'Лебедев Артём Игоревич', roles: ['marketer'] },
  { key: 'operator', email: 'operator@demo.example', fullName: 'Кузнецова Алина Викторовна', roles: ['operator'] },
  { key: 'operator2', email: 'operator2@demo.example', fullName: 'Орлов Денис Сергеевич', roles: ['operator'] },
  { key: 'manager', email: 'manager@demo.example', fullName: 'Волков Игорь Николаевич', roles: ['manager'] },
  { key: 'manager2', email: 'manager2@demo.example', fullName: 'Павлова Екатерина Дмитриевна', roles: ['manager'] },
];

type ServiceKey = 'site' | 'shop' | 'landing' | 'seo' | 'context' | 'target' | 'smm' | 'email' | 'support' | 'audit' | 'brand';

/** Services: price in roubles, contract terms in days, and what customers of it buy next. */
const SERVICES: readonly { key: ServiceKey; name: string; description: string; price: number; terms: number[]; next: ServiceKey[] }[] = [
  { key: 'site', name: 'Разработка сайта', description: 'Корпоративный сайт под ключ: прототип, дизайн, вёрстка, CMS и запуск', price: 180_000, terms: [60, 75, 90], next: ['support', 'seo', 'context'] },
  { key: 'shop', name: 'Интернет-магазин', description: 'Каталог, корзина, онлайн-оплата и доставка, обмен с 1С', price: 350_000, terms: [90, 120], next: ['support', 'context', 'seo'] },
  { key: 'landing', name: 'Лендинг', description: 'Одностраничный сайт под рекламную кампанию или продукт', price: 45_000, terms: [14, 21, 30], next: ['context', 'target', 'site'] },
  { key: 'seo', name: 'SEO-продвижение', description: 'Аудит, семантическое ядро, внутренняя оптимизация, контент; ежемесячный отчёт', price: 60_000, terms: [90, 180, 365], next: ['context', 'support'] },
  { key: 'context', name: 'Контекстная реклама', description: 'Настройка и ведение Яндекс.Директа: поиск и РСЯ, аналитика', price: 35_000, terms: [30, 90, 180], next: ['seo', 'landing', 'target'] },
  { key: 'target', name: 'Таргетированная реклама', description: 'Реклама ВКонтакте и в Telegram Ads: аудитории, креативы, ведение', price: 40_000, terms: [30, 90], next: ['smm', 'landing'] },
  { key: 'smm', name: 'SMM-ведение сообществ', description: 'Контент-план, публикации, модерация и отчёты по сообществам', price: 45_000, terms: [90, 180], next: ['target', 'brand'] },
  { key: 'email', name: 'Email-маркетинг', description: 'Стратегия рассылок, шаблоны писем, автоматические цепочки', price: 30_000, terms: [30, 90], next: ['support', 'landing'] },
  { key: 'support', name: 'Техническая поддержка сайта', description: 'Обновления, резервные копии, мониторинг и мелкие доработки', price: 15_000, terms: [180, 365], next: ['seo'] },
  { key: 'audit', name: 'Аудит сайта', description: 'Технический и UX-аудит с отчётом и планом доработок', price: 25_000, terms: [14, 21], next: ['seo', 'site'] },
  { key: 'brand', name: 'Фирменный стиль', description: 'Логотип, палитра, шрифты и руководство по стилю', price: 90_000, terms: [30, 45], next: ['site', 'smm'] },
];

/** Per channel: what a lead costs (roubles) and the share of leads that become customers. */
const CHANNEL_ECONOMICS: Record<Channel, { costPerLead: number; conversion: number; shape: 'even' | 'front' }> = {
  search: { costPerLead: 1900, conversion: 0.07, shape: 'even' },
  social: { costPerLead: 1100, conversion: 0.04, shape: 'even' },
  email: { costPerLead: 300, conversion: 0.09, shape: 'front' },
  display: { costPerLead: 1300, conversion: 0.03, shape: 'even' },
  offline: { costPerLead: 2800, conversion: 0.11, shape: 'front' },
  referral: { costPerLead: 700, conversion: 0.14, shape: 'even' },
  other: { costPerLead: 900, conversion: 0.06, shape: 'even' },
};

/**
 * The campaigns, relative to today: launched `launch` days ago, running `days` (null: still running; undefined
 * with `draft`: not launched). `label` is 'season' or 'month' (named after the launch date) or a fixed title;
 * `volume` is its relative number of leads; `imported` campaigns got their leads from one CSV file.
 */
const CAMPAIGNS: readonly {
  label: string; platform?: string; channel: Channel; service: ServiceKey; launch?: number; days?: number | null; volume: number;
  draft?: boolean; imported?: string; budget?: number;
}[] = [
  { label: 'Рекомендации клиентов', channel: 'referral', service: 'site', launch: 362, days: null, volume: 700, budget: 0 },
  { label: 'season', platform: 'Яндекс.Директ', channel: 'search', service: 'context', launch: 358, days: 88, volume: 1500 },
  { label: 'month', platform: 'рассылка по базе клиентов', channel: 'email', service: 'support', launch: 350, days: 18, volume: 420 },
  { label: 'season', platform: 'ВКонтакте', channel: 'social', service: 'smm', launch: 341, days: 84, volume: 900 },
  { label: 'season', platform: 'РСЯ', channel: 'display', service: 'site', launch: 329, days: 60, volume: 850 },
  { label: 'Партнёрская программа', channel: 'referral', service: 'shop', launch: 318, days: 210, volume: 520 },
  { label: 'Выставка «Бизнес-Экспо»', channel: 'offline', service: 'shop', launch: 301, days: 12, volume: 380, imported: 'Контакты с выставки Бизнес-Экспо.csv' },
  { label: 'season', platform: 'Яндекс.Директ: SEO', channel: 'search', service: 'seo', launch: 272, days: 91, volume: 1300 },
  { label: 'month', platform: 'Telegram Ads', channel: 'social', service: 'target', launch: 251, days: 31, volume: 520 },
  { label: 'season', platform: 'Авито Услуги', channel: 'other', service: 'landing', launch: 243, days: 120, volume: 760 },
  { label: 'month', platform: 'Профи.ру', channel: 'other', service: 'audit', launch: 221, days: 45, volume: 380 },
  { label: 'season', platform: 'Яндекс.Директ: магазины', channel: 'search', service: 'shop', launch: 203, days: 92, volume: 1400 },
  { label: 'month', platform: 'акция для подписчиков', channel: 'email', service: 'audit', launch: 192, days: 14, volume: 460 },
  { label: 'season', platform: 'ВКонтакте: таргет', channel: 'social', service: 'target', launch: 181, days: 76, volume: 880 },
  { label: 'Бизнес-завтрак для клиентов', channel: 'offline', service: 'seo', launch: 168, days: 3, volume: 120 },
  { label: 'season', platform: 'РСЯ: магазины', channel: 'display', service: 'shop', launch: 160, days: 61, volume: 780 },
  { label: 'month', platform: 'рассылка «Кейсы»', channel: 'email', service: 'seo', launch: 149, days: 21, volume: 400 },
  { label: 'season', platform: 'Яндекс.Директ: сайты', channel: 'search', service: 'site', launch: 121, days: 90, volume: 1450 },
  { label: 'month', platform: 'интеграция в подкасте', channel: 'other', service: 'brand', launch: 109, days: 30, volume: 260 },
  { label: 'season', platform: 'Telegram Ads', channel: 'social', service: 'smm', launch: 98, days: 59, volume: 700 },
  { label: 'Конференция «Digital-маркетинг»', channel: 'offline', service: 'context', launch: 86, days: 6, volume: 260, imported: 'Участники конференции.csv' },
  { label: 'season', platform: 'Яндекс.Директ', channel: 'search', service: 'context', launch: 62, days: null, volume: 1100 },
  { label: 'season', platform: 'ВКонтакте', channel: 'social', service: 'target', launch: 47, days: null, volume: 560 },
  { label: 'season', platform: 'РСЯ', channel: 'display', service: 'site', launch: 41, days: null, volume: 470 },
  { label: 'season', platform: 'Авито Услуги', channel: 'other', service: 'landing', launch: 34, days: null, volume: 330 },
  { label: 'season', platform: 'Яндекс.Директ: SEO', channel: 'search', service: 'seo', launch: 29, days: null, volume: 520 },
  { label: 'month', platform: 'рассылка по базе клиентов', channel: 'email', service: 'support', launch: 19, days: null, volume: 260 },
  { label: 'month', platform: 'Telegram Ads', channel: 'social', service: 'shop', launch: 12, days: null, volume: 150 },
  { label: 'next-season', platform: 'Яндекс.Директ: магазины', channel: 'search', service: 'shop', draft: true, volume: 1200 },
  { label: 'next-season', platform: 'ВКонтакте: видео', channel: 'social', service: 'brand', draft: true, volume: 600 },
  { label: 'Отраслевая выставка (план)', channel: 'offline', service: 'site', draft: true, volume: 350 },
];

const NOTES = [
  'Просит перезвонить после 18:00', 'Интересуют стоимость и сроки', 'Хочет коммерческое предложение на почту',
  'Есть действующий сайт, нужна доработка', 'Сравнивает с двумя другими агентствами', 'Бюджет ограничен, спрашивал о скидке',
  'Звонили дважды, не дозвонились', 'Перезвонить в понедельник', 'Нужна интеграция с 1С', 'Просит примеры работ в своей нише',
  'Удобнее общаться в Telegram', 'Нужно согласовать с директором', 'Интересует рассрочка оплаты',
];
const LOST_REASONS = [
  'Дорого', 'Выбрали другого подрядчика', 'Не дозвонились за две недели', 'Неактуально: проект отложен', 'Нет бюджета в этом году',
  'Хотели только узнать цену', 'Не устроили сроки', 'Сделают своими силами', 'Ошиблись номером',
];
const MONTHS = ['Январь', 'Февраль', 'Март', 'Апрель', 'Май', 'Июнь', 'Июль', 'Август', 'Сентябрь', 'Октябрь', 'Ноябрь', 'Декабрь'];
// How leads arrive over a Moscow day: hardly at night, most in office hours.
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.8, 2, 4, 7, 9, 9, 8, 8, 9, 9, 8, 7, 6, 6, 5, 4, 3, 2];
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Moscow keeps UTC+3 all year (no summer time since 2014). */
const MSK = 3 * HOUR;

/** 00:00 Moscow time of a YYYY-MM-DD date, as epoch milliseconds. */
export function moscowMidnight(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw new RangeError(`not a date: ${date}`);
  return Date.parse(`${date}T00:00:00Z`) - MSK;
}
/** The Moscow calendar date of an instant. */
export const moscowDate = (ms: number) => new Date(ms + MSK).toISOString().slice(0, 10);
const moscowDayStart = (ms: number) => moscowMidnight(moscowDate(ms));
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const ruDate = (date: string) => date.split('-').reverse().join('.');

/** Kopecks as numeric(12,2) text. */
const money = (kopecks: number) => `${Math.floor(kopecks / 100)}.${String(kopecks % 100).padStart(2, '0')}`;
/** 180000 → «180 000 руб.» (grouped by hand: toLocaleString depends on the ICU data Node was built with). */
const roubles = (kopecks: number) => `${String(Math.round(kopecks / 100)).replace(/\B(?=(\d{3})+$)/g, '\u00a0')} руб.`;

function seasonName(ms: number): string {
  const d = new Date(ms + MSK);
  const m = d.getUTCMonth();
  const y = d.getUTCFullYear();
  if (m === 11) return `Зима ${y + 1}`;
  return `${['Зима', 'Зима', 'Весна', 'Весна', 'Весна', 'Лето', 'Лето', 'Лето', 'Осень', 'Осень', 'Осень'][m]} ${y}`;
}
const monthName = (ms: number) => {
  const d = new Date(ms + MSK);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
};

/** Generates the whole company; see the module comment for what holds. */
export function generateDemo(opts: DemoOptions): DemoData {
  const r = prng(opts.seed);
  const end = moscowMidnight(opts.today); // nothing happens from the start of today on
  const firstDay = end - 400 * DAY;
  const pick = <T>(xs: readonly T[]) => xs[r.int(0, xs.length - 1)];
  const between = (lo: number, hi: number) => lo + r.next() * (hi - lo);
  const clamp = (t: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, t));

  const services: DemoService[] = SERVICES.map((s, i) => ({
    id: i + 1, name: s.name, description: s.description, price: money(s.price * 100), createdAt: new Date(firstDay + i * HOUR),
  }));
  const serviceId = (key: ServiceKey) => SERVICES.findIndex((s) => s.key === key) + 1;
  const serviceOf = (id: number) => SERVICES[id - 1];

  // Campaigns: dates, name, budget (from the leads it is meant to bring at the nominal size, so it does not
  // depend on --leads), and the leads it gets at this size.
  const totalVolume = CAMPAIGNS.reduce((s, c) => s + (c.draft ? 0 : c.volume), 0);
  const names = new Set<string>();
  const campaigns: DemoCampaign[] = [];
  const windows: { from: number; to: number; conversion: number; shape: 'even' | 'front'; importAt: number | null }[] = [];
  CAMPAIGNS.forEach((t, i) => {
    const economics = CHANNEL_ECONOMICS[t.channel];
    const launchedAt = t.draft ? null : moscowMidnight(addDays(opts.today, -t.launch!)) + 10 * HOUR + r.int(0, 150) * MINUTE;
    const finishedAt = launchedAt === null || t.days == null ? null : moscowMidnight(addDays(moscowDate(launchedAt), t.days)) + 18 * HOUR + r.int(0, 90) * MINUTE;
    const anchor = launchedAt ?? end + 40 * DAY;
    const label = t.label === 'season' || t.label === 'next-season' ? seasonName(anchor) : t.label === 'month' ? monthName(anchor) : t.label;
    let name = t.platform ? `${label} — ${t.platform}` : t.label.includes('«') || t.draft ? label : `${label} ${new Date(anchor + MSK).getUTCFullYear()}`;
    if (names.has(name.toLowerCase())) name = `${name} (${serviceOf(serviceId(t.service)).name})`;
    names.add(name.toLowerCase());
    const nominalLeads = (DEMO_LEADS * t.volume) / totalVolume;
    const budget = t.budget ?? Math.round((nominalLeads * economics.costPerLead * between(0.85, 1.2)) / 5000) * 5000;
    const createdAt = (launchedAt ?? end - r.int(1, 10) * DAY) - r.int(3, 14) * DAY + r.int(0, 8 * 60) * MINUTE;
    campaigns.push({
      id: i + 1, name, serviceId: serviceId(t.service), channel: t.channel, budget: money(budget * 100),
      status: t.draft ? 'draft' : finishedAt === null ? 'active' : 'finished',
      launchedAt: launchedAt === null ? null : new Date(launchedAt), finishedAt: finishedAt === null ? null : new Date(finishedAt),
      createdAt: new Date(createdAt), updatedAt: new Date(finishedAt ?? launchedAt ?? createdAt),
    });
    windows.push({
      from: launchedAt ?? 0, to: finishedAt ?? end,
      conversion: clamp(economics.conversion * between(0.8, 1.25), 0.02, 0.15), shape: economics.shape,
      // one file, imported the day after the event's start at the end of the working day
      importAt: t.imported && launchedAt !== null ? moscowDayStart(launchedAt) + DAY + 17 * HOUR + r.int(0, 60) * MINUTE : null,
    });
  });

  const importBatches: DemoImportBatch[] = [];
  const batchOf = new Map<number, number>();
  CAMPAIGNS.forEach((t, i) => {
    if (!t.imported || windows[i].importAt === null) return;
    const id = importBatches.length + 1;
    importBatches.push({ id, campaignId: i + 1, fileName: t.imported, createdBy: 'operator', rows: 0, createdAt: new Date(windows[i].importAt!) });
    batchOf.set(i + 1, id);
  });

  // Leads per launched campaign, in proportion to its volume; the last one takes the rounding remainder.
  const launched = CAMPAIGNS.map((t, i) => ({ t, id: i + 1 })).filter((c) => !c.t.draft);
  const counts = new Map<number, number>();
  let left = opts.leads;
  launched.forEach((c, k) => {
    const n = k === launched.length - 1 ? left : Math.min(left, Math.round((opts.leads * c.t.volume) / totalVolume));
    counts.set(c.id, n);
    left -= n;
  });

  /** A moment in the campaign's window, mostly in office hours and on weekdays. */
  function leadTime(w: (typeof windows)[number]): number {
    const plain = w.from + (w.shape === 'front' ? r.next() ** 2 : r.next()) * (w.to - w.from);
    for (let attempt = 0; attempt < 4; attempt++) {
      const u = w.shape === 'front' ? r.next() ** 2 : r.next();
      const day = moscowDayStart(w.from + u * (w.to - w.from));
      const weekday = new Date(day + MSK).getUTCDay();
      if ((weekday === 0 || weekday === 6) && r.next() < 0.5) continue;
      let x = r.next() * HOUR_TOTAL;
      let hour = 0;
      while ((x -= HOUR_WEIGHTS[hour]) > 0 && hour < 23) hour++;
      const t = day + hour * HOUR + r.int(0, 3599) * 1000;
      if (t >= w.from && t < w.to) return t;
    }
    return Math.floor(plain / 1000) * 1000;
  }

  const drafts: { campaignId: number; at: number }[] = [];
  for (const c of launched) {
    const w = windows[c.id - 1];
    for (let n = counts.get(c.id)!; n > 0; n--) drafts.push({ campaignId: c.id, at: w.importAt ?? leadTime(w) });
  }
  // ids follow creation time, as they do when leads are entered one by one
  drafts.sort((a, b) => a.at - b.at || a.campaignId - b.campaignId);

  const phones = new Set<string>();
  const emails = new Set<string>();
  const users = DEMO_USERS.map((u) => ({ ...u, roles: [...u.roles] }));
  const leads: DemoLead[] = [];
  const customers: DemoCustomer[] = [];
  const contracts: DemoContract[] = [];
  const documents: DemoDocument[] = [];

  for (const d of drafts) {
    const id = leads.length + 1;
    const w = windows[d.campaignId - 1];
    const p = person(r);
    const contact = r.next();
    const phone = contact < 0.95 ? mobilePhone(r, phones) : null;
    const mail = contact < 0.78 || contact >= 0.95 ? email(r, p, emails) : null;
    const channel = campaigns[d.campaignId - 1].channel;
    const age = (end - d.at) / DAY;
    // Deals take time: a lead of the last weeks is less often converted or lost yet.
    const maturity = Math.min(1, age / 21);
    const later = (t: number) => Math.max(d.at, Math.min(t, end - MINUTE));
    let status: LeadStatus = 'new';
    let changedAt = d.at;
    let lostReason: string | null = null;
    const x = r.next();
    const converts = end - d.at > 2 * HOUR ? w.conversion * (0.2 + 0.8 * maturity) : 0;
    if (x < converts) {
      status = 'converted';
      changedAt = later(Math.max(d.at + 30 * MINUTE, d.at + r.next() ** 2 * 30 * DAY + r.int(1, 8) * HOUR));
    } else if (x < converts + 0.01 + 0.1 * maturity) {
      status = 'lost';
      lostReason = pick(LOST_REASONS);
      changedAt = later(d.at + r.int(1, 20) * DAY);
    } else if (r.next() < (age < 14 ? 0.5 : 0.2)) {
      status = 'in_progress';
      changedAt = later(d.at + r.int(1, 48) * HOUR);
    }
    const notes = r.next() < 0.2 ? pick(channel === 'offline' ? ['Оставил визитку на стенде', ...NOTES] : channel === 'referral' ? ['Пришёл по рекомендации клиента', ...NOTES] : NOTES) : '';
    const batch = batchOf.get(d.campaignId) ?? null;
    leads.push({
      id, lastName: p.lastName, firstName: p.firstName, middleName: p.middleName, phone, email: mail, campaignId: d.campaignId, status,
      notes, lostReason, importBatchId: batch, createdBy: batch ? 'operator' : r.next() < 0.55 ? 'operator' : 'operator2',
      createdAt: new Date(d.at), updatedAt: new Date(changedAt),
    });
    if (batch) importBatches[batch - 1].rows++;
    if (status !== 'converted') continue;

    // The customer and its first contract, as the convert form makes them (the campaign's service, around its price).
    const customerId = customers.length + 1;
    const x2 = r.next();
    const convertedBy = x2 < 0.08 ? 'admin' : x2 < 0.55 ? 'manager' : 'manager2';
    customers.push({ id: customerId, displayName: fullName(p), leadId: id, convertedAt: new Date(changedAt), convertedBy });
    const first = r.next() < 0.9 ? campaigns[d.campaignId - 1].serviceId : serviceId(pick(serviceOf(campaigns[d.campaignId - 1].serviceId).next));
    addContract(customerId, p, first, changedAt, convertedBy);
    // Some come back for more: the next service in its usual order, weeks or months later (never after today).
    let lastService = first;
    let lastAt = changedAt;
    for (let again = 0.24; r.next() < again; again /= 3) {
      const at = lastAt + r.int(20, 140) * DAY + r.int(0, 8) * HOUR;
      if (at >= end) break;
      lastService = serviceId(pick(serviceOf(lastService).next));
      lastAt = at;
      addContract(customerId, p, lastService, at, convertedBy);
    }
  }

  function addContract(customerId: number, p: Person, service: number, at: number, by: string): void {
    const s = serviceOf(service);
    const kopecks = r.next() < 0.2 ? s.price * 100 : Math.round((s.price * between(0.85, 1.3)) / 1000) * 1000 * 100;
    const signedOn = moscowDate(at);
    const startsOn = addDays(signedOn, r.int(0, 10));
    const endsOn = addDays(startsOn, pick(s.terms));
    const id = contracts.length + 1;
    const name = `${s.name} — ${fullName(p)}`.slice(0, 200);
    let documentId: number | null = null;
    if (r.next() < 0.04) {
      documentId = documents.length + 1;
      const number = `${signedOn.slice(0, 4)}-${String(id).padStart(4, '0')}`;
      const data = pdfDocument(`Договор № ${number}`, [
        { text: `ДОГОВОР № ${number}`, size: 16, bold: true },
        { text: `на оказание услуг «${s.name}»`, size: 12 },
        { text: `г. Москва, ${ruDate(signedOn)}`, gap: 10 },
        { text: `Исполнитель: ${COMPANY}`, gap: 10 },
        { text: `Заказчик: ${fullName(p)}` },
        { text: `Предмет договора: ${s.description}.`, gap: 10 },
        { text: `Срок оказания услуг: с ${ruDate(startsOn)} по ${ruDate(endsOn)}.` },
        { text: `Стоимость услуг: ${roubles(kopecks)}, НДС не облагается.` },
        { text: 'Подписи сторон', bold: true, gap: 24 },
        { text: `Исполнитель: ____________ /${users.find((u) => u.key === by)!.fullName}/`, gap: 6 },
        { text: `Заказчик: ____________ /${fullName(p)}/`, gap: 6 },
      ]);
      documents.push({ id: documentId, fileName: `Договор № ${number}.pdf`, data, uploadedBy: by, createdAt: new Date(at) });
    }
    contracts.push({ id, name, serviceId: service, customerId, amount: money(kopecks), signedOn, startsOn, endsOn, documentId, createdAt: new Date(at) });
  }

  return { users, services, campaigns, importBatches, documents, leads, customers, contracts };
}
