import { buildLocale } from '../../admin/locale/index.js';
import { db } from '../../db/current.js';
import { COMPANY_TIME_ZONE } from '../../shared/keyset.js';
import { render, type Language, type MessageCode } from '../../shared/i18n/render.js';
import type { ResourceId } from '../users/permissions.js';
import { HISTORY_FIELDS, META_REFS, TITLES, type FieldKind } from './history.fields.js';
import type { Change, HistoryAction } from './history.types.js';
import type { RecordEvent } from './record-event.entity.js';

/**
 * An event as people read it, in one language: «12.03.2026 14:05 — Соколова М. А. (администратор): статус «Новый» →
 * «В работе»; телефон +79123456789 → +79123456780». Field and value names are the panel's own (its locale); money,
 * dates and enums as the panel shows them. A referenced record (a lead's campaign, a contract's service) is named
 * as it is called when the history is read; a record deleted since, by the last title its own history kept.
 */
export interface HistoryLine {
  id: string;
  at: string;
  /** The time in the company's time zone: `12.03.2026 14:05` (ru), `03/12/2026 2:05 PM` (en). */
  when: string;
  /** The actor as a signature: `Соколова М. А. (администратор)`. */
  who: string;
  via: string;
  /** Where it came from, when not the panel: `через API`, `импорт`. Empty for the panel. */
  viaText: string;
  resource: string;
  recordId: string;
  recordTitle: string;
  action: string;
  /** What happened: the action and the changes, field by field. */
  summary: string;
}

type Tree = { [key: string]: string | Tree };
let locale: Record<Language, Tree> | undefined;
const translations = (lang: Language): Tree => {
  locale ??= buildLocale().translations as unknown as Record<Language, Tree>;
  return locale[lang];
};
const lookup = (tree: Tree, path: string[]): string | undefined => {
  let node: string | Tree | undefined = tree;
  for (const p of path) node = typeof node === 'object' ? node[p] : undefined;
  return typeof node === 'string' ? node : undefined;
};

/** `Статус` → `статус`; `E-mail`, `ФИО` stay as they are. */
const lowerFirst = (s: string) => (s.length > 1 && s[1] === s[1].toLowerCase() && s[1] !== s[1].toUpperCase() ? s[0].toLowerCase() + s.slice(1) : s);

const fieldLabel = (lang: Language, resource: string, field: string) =>
  lowerFirst(lookup(translations(lang), ['resources', resource, 'properties', field]) ?? lookup(translations(lang), ['properties', field]) ?? field);

const enumLabel = (lang: Language, resource: string, field: string, value: string) =>
  lookup(translations(lang), ['resources', resource, 'labels', field, value]) ?? value;

/** `Соколова Мария Андреевна` → `Соколова М. А.` (surname first, as the users' names are written). */
export function signature(name: string): string {
  const [surname, ...rest] = name.trim().split(/\s+/);
  if (!rest.length) return surname ?? '';
  return `${surname} ${rest.map((w) => `${w[0]}.`).join(' ')}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant in the company's time zone, as the panel writes times. */
export function formatInstant(at: Date, lang: Language): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: COMPANY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  if (lang === 'ru') return `${parts.day}.${parts.month}.${parts.year} ${parts.hour}:${parts.minute}`;
  const h = Number(parts.hour);
  return `${parts.month}/${parts.day}/${parts.year} ${h % 12 || 12}:${parts.minute} ${h < 12 ? 'AM' : 'PM'}`;
}

const formatDate = (v: string, lang: Language) => {
  const [y, m, d] = v.slice(0, 10).split('-');
  return lang === 'ru' ? `${d}.${m}.${y}` : `${m}/${d}/${y}`;
};

const formatMoney = (v: string, lang: Language, symbol: string) => {
  const negative = v.startsWith('-');
  const [int, frac = ''] = v.replace(/^-/, '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'ru' ? '\u00a0' : ',');
  return `${negative ? '−' : ''}${grouped}${lang === 'ru' ? ',' : '.'}${frac.padEnd(2, '0').slice(0, 2)}${symbol ? ` ${symbol}` : ''}`;
};

/** Names of referenced records: `resource:id` → title. */
type Names = Map<string, string>;

async function namesOf(events: RecordEvent[]): Promise<Names> {
  const wanted = new Map<ResourceId, Set<string>>();
  const want = (r: ResourceId, id: unknown) => {
    if (id === null || id === undefined || id === '') return;
    if (!wanted.has(r)) wanted.set(r, new Set());
    wanted.get(r)!.add(String(id));
  };
  for (const e of events) {
    const fields = HISTORY_FIELDS[e.resource as ResourceId] ?? {};
    for (const c of e.changes ?? []) {
      const kind = fields[c.field];
      if (kind && typeof kind === 'object') {
        want(kind.ref, c.from);
        want(kind.ref, c.to);
      }
    }
    for (const [k, r] of Object.entries(META_REFS)) want(r, e.meta?.[k]);
  }
  const names: Names = new Map();
  for (const [resource, ids] of wanted) {
    const valid = [...ids].filter((i) => /^\d{1,18}$/.test(i));
    if (!valid.length) continue;
    const { table, title } = TITLES[resource];
    const rows: { id: string; title: string }[] = await db().query(`SELECT id::text AS id, ${title} AS title FROM ${table} WHERE id = ANY($1::bigint[])`, [valid]);
    for (const r of rows) names.set(`${resource}:${r.id}`, r.title);
    const gone = valid.filter((i) => !names.has(`${resource}:${i}`));
    if (gone.length) {
      const kept: { id: string; title: string }[] = await db().query(
        `SELECT DISTINCT ON (record_id) record_id AS id, record_title AS title FROM record_events
          WHERE resource = $1 AND record_id = ANY($2) ORDER BY record_id, id DESC`,
        [resource, gone],
      );
      for (const r of kept) names.set(`${resource}:${r.id}`, r.title);
    }
  }
  return names;
}

const EMPTY = '—';

const ACTION_TEXTS: Record<HistoryAction, MessageCode> = {
  create: 'historyAction.create', edit: 'historyAction.edit', delete: 'historyAction.delete', launch: 'historyAction.launch',
  finish: 'historyAction.finish', convert: 'historyAction.convert', markLost: 'historyAction.markLost', import: 'historyAction.import',
  importUndo: 'historyAction.importUndo', tokenIssue: 'historyAction.tokenIssue', tokenRevoke: 'historyAction.tokenRevoke',
  take: 'historyAction.take', assign: 'historyAction.assign', unassign: 'historyAction.unassign',
};
const VIA_TEXTS: Record<string, MessageCode> = { api: 'historyVia.api', import: 'historyVia.import', system: 'historyVia.system' };

function value(lang: Language, resource: string, field: string, kind: FieldKind | undefined, v: unknown, names: Names, currency: string): string {
  if (v === null || v === undefined || v === '' || (Array.isArray(v) && !v.length)) return EMPTY;
  if (kind && typeof kind === 'object') return `«${names.get(`${kind.ref}:${v}`) ?? `#${v}`}»`;
  switch (kind) {
    case 'money': return formatMoney(String(v), lang, currency);
    case 'date': return formatDate(String(v), lang);
    case 'enum': return `«${enumLabel(lang, resource, field, String(v))}»`;
    case 'enumList': return (v as unknown[]).map((x) => `«${enumLabel(lang, resource, field, String(x))}»`).join(', ');
    case 'bool': return render(v === true || v === 'true' ? 'history.yes' : 'history.no', undefined, lang);
    case 'plain': return String(v);
    default: return `«${String(v).length > 200 ? `${String(v).slice(0, 200)}…` : String(v)}»`;
  }
}

function changeText(lang: Language, resource: string, c: Change, names: Names, currency: string): string {
  const kind = HISTORY_FIELDS[resource as ResourceId]?.[c.field];
  if (kind === 'secret') return render('history.secretChanged', { field: fieldLabel(lang, resource, c.field) }, lang);
  const label = fieldLabel(lang, resource, c.field);
  const to = value(lang, resource, c.field, kind, c.to, names, currency);
  if (c.from === null || c.from === undefined) return `${label} ${to}`;
  return `${label} ${value(lang, resource, c.field, kind, c.from, names, currency)} → ${to}`;
}

const num = (v: unknown) => Number(v ?? 0);

function details(lang: Language, e: RecordEvent, names: Names): string {
  const m = e.meta ?? {};
  switch (e.action) {
    case 'convert':
      return e.resource === 'leads'
        ? render('historyDetails.convert', { customer: names.get(`customers:${m.customerId}`) ?? `#${m.customerId}`, contract: names.get(`contracts:${m.contractId}`) ?? `#${m.contractId}` }, lang)
        : render('historyDetails.fromLead', { lead: names.get(`leads:${m.leadId}`) ?? `#${m.leadId}` }, lang);
    case 'import':
      return render('historyDetails.import', { file: String(m.fileName || '—'), rows: num(m.rows), created: num(m.created), duplicates: num(m.duplicates), invalid: num(m.invalid) }, lang);
    case 'importUndo':
      return render('historyDetails.importUndo', { deleted: num(m.deleted) }, lang);
    case 'tokenIssue': case 'tokenRevoke':
      return render('historyDetails.token', { name: String(m.name ?? '') }, lang);
    default:
      return '';
  }
}

/** The events in one language, names of referenced records resolved in a few queries for the whole page. */
export async function describeEvents(events: RecordEvent[], lang: Language, currencySymbol = ''): Promise<HistoryLine[]> {
  const names = await namesOf(events);
  return events.map((e) => {
    const changes = (e.changes ?? []).map((c) => changeText(lang, e.resource, c, names, currencySymbol));
    const action = ACTION_TEXTS[e.action] ? render(ACTION_TEXTS[e.action], undefined, lang) : e.action;
    const parts = [details(lang, e, names), changes.join('; ')].filter(Boolean).join('; ');
    // An edit is its changes; any other action is named first.
    const summary = e.action === 'edit' && parts ? parts : parts ? `${action}: ${parts}` : action;
    const roles = (e.actorRoles ?? []).map((r) => lowerFirst(enumLabel(lang, 'users', 'roles', r))).join(', ');
    const who = e.actorName ? `${signature(e.actorName)}${roles ? ` (${roles})` : ''}` : render('historyVia.system', undefined, lang);
    return {
      id: String(e.id), at: e.at.toISOString(), when: formatInstant(e.at, lang), who, via: e.via,
      viaText: VIA_TEXTS[e.via] ? render(VIA_TEXTS[e.via], undefined, lang) : '',
      resource: e.resource, recordId: e.recordId, recordTitle: e.recordTitle, action: e.action, summary,
    };
  });
}

/** One line as people read it: `when — who: summary`, where it came from after the name unless the panel. */
export const lineOf = (l: HistoryLine): string => `${l.when} — ${l.who}${l.viaText ? `, ${l.viaText}` : ''}: ${l.summary}`;
