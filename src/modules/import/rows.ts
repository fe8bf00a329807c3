import { msg, type Message } from '../../shared/errors.js';
import { renderMessage, type Language } from '../../shared/i18n/render.js';
import { normalizeEmail, normalizePhone } from '../leads/contact.js';
import { hasContact, LEAD_LIMITS } from '../leads/lead.rules.js';
import type { Mapping } from './columns.js';

const PLAIN_PHONE = /^\+?[\d\s()\-.]+$/;
type Verdict = 'valid' | 'invalid' | 'slow';
const byPrefix = new Map<string, Verdict>();

/**
 * normalizePhone with a shortcut for the common +7 forms (it is the one slow call per row: ~12 µs). libphonenumber's
 * patterns for +7 (RU, KZ) with 10 national digits are decided by at most the first 6 of them, so the verdict for
 * a prefix is computed once by normalizePhone itself and reused; anything else goes to normalizePhone.
 */
export function normalizePhoneFast(raw: string): string | null {
  const text = raw.trim();
  if (!text || text.length > 40 || !PLAIN_PHONE.test(text)) return normalizePhone(raw);
  const digits = text.replace(/\D/g, '');
  let national: string | null = null;
  let form = '';
  if (text.startsWith('+')) {
    if (digits.length === 11 && digits.startsWith('7')) [national, form] = [digits.slice(1), '+'];
  } else if (digits.length === 11 && digits.startsWith('8')) [national, form] = [digits.slice(1), '8'];
  else if (digits.length === 10 && digits.startsWith('9')) [national, form] = [digits, '9'];
  if (!national) return normalizePhone(raw);
  const key = form + national.slice(0, 6);
  let verdict = byPrefix.get(key);
  if (verdict === undefined) {
    const e164 = `+7${national}`;
    const slow = normalizePhone(text);
    verdict = slow === e164 ? 'valid' : slow === null && normalizePhone(e164) === null ? 'invalid' : 'slow';
    if (byPrefix.size < 100_000) byPrefix.set(key, verdict);
  }
  if (verdict === 'slow') return normalizePhone(raw);
  return verdict === 'valid' ? `+7${national}` : null;
}

const COPY_SPECIAL = /[\\\t\n\r\0]/;
const COPY_SPECIAL_ALL = /[\\\t\n\r\0]/g;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r', '\0': '' };

/** A value in COPY's text format (NUL characters, which PostgreSQL text cannot hold, are dropped). */
export function copyValue(v: string | null): string {
  if (v === null) return '\\N';
  return COPY_SPECIAL.test(v) ? v.replace(COPY_SPECIAL_ALL, (c) => COPY_ESCAPES[c]) : v;
}

/** The staging table's columns, in the order stageRow writes them. */
export const STAGING_COLUMNS = ['line', 'last_name', 'first_name', 'middle_name', 'phone', 'email', 'phone_raw', 'email_raw', 'notes', 'reason'] as const;

/** Excel's text formula `="…"` (how our error report writes phones, see SpreadsheetText in src/shared/csv.ts). */
const TEXT_FORMULA = /^="([^"]*)"$/;

/** A cell's value, trimmed; a text formula `="+79123456789"` is read as its text, so a report can be imported again. */
function cellText(raw: string): string {
  const text = raw.trim();
  if (text.charCodeAt(0) !== 61 /* = */) return text;
  const m = TEXT_FORMULA.exec(text);
  return m ? m[1].trim() : text;
}

/** A value as a problem quotes it: at most 40 characters. */
const quoted = (v: string) => (v.length > 40 ? `${v.slice(0, 40)}…` : v);

/**
 * What is wrong with a row, by the single-lead rules (src/modules/leads/lead.rules.ts): names and lengths, a phone
 * or an e-mail, each valid when given. Empty when the row is acceptable.
 */
export function rowProblems(row: RowValues): Message[] {
  const problems: Message[] = [];
  if (!row.lastName) problems.push(msg('importRow.lastNameMissing'));
  else if (row.lastName.length > LEAD_LIMITS.lastName) problems.push(msg('importRow.lastNameTooLong', { max: LEAD_LIMITS.lastName }));
  if (!row.firstName) problems.push(msg('importRow.firstNameMissing'));
  else if (row.firstName.length > LEAD_LIMITS.firstName) problems.push(msg('importRow.firstNameTooLong', { max: LEAD_LIMITS.firstName }));
  if (row.middleName.length > LEAD_LIMITS.middleName) problems.push(msg('importRow.middleNameTooLong', { max: LEAD_LIMITS.middleName }));
  if (row.notes.length > LEAD_LIMITS.notes) problems.push(msg('importRow.notesTooLong', { max: LEAD_LIMITS.notes }));
  if (!hasContact(row.phoneRaw, row.emailRaw)) problems.push(msg('importRow.contactMissing'));
  if (row.phoneRaw && !row.phone) problems.push(msg('importRow.phoneInvalid', { value: quoted(row.phoneRaw) }));
  if (row.emailRaw && !row.email) problems.push(msg('importRow.emailInvalid', { value: quoted(row.emailRaw) }));
  return problems;
}

/** A row's values as read (trimmed) and its contacts normalised (null when absent or not valid). */
export interface RowValues {
  lastName: string;
  firstName: string;
  middleName: string;
  notes: string;
  phoneRaw: string;
  emailRaw: string;
  phone: string | null;
  email: string | null;
}

/** A row's problems as one sentence in a language: «Нет фамилии; неверный e-mail: «x»». */
export function renderProblems(problems: readonly Message[], lang: Language): string {
  const text = problems.map((p) => renderMessage(p, lang)).join('; ');
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/**
 * A stored reason: problems as JSON (`[{ code, params }]`, what imports write since the reports are rendered in the
 * reader's language), or — in reports written before — a Russian sentence, shown as it is.
 */
export function renderStoredReason(problems: readonly Message[] | null, legacyReason: string | null, lang: Language): string {
  return problems ? renderProblems(problems, lang) : (legacyReason ?? '');
}

/**
 * One data row checked by the single-lead rules and turned into a COPY line of the staging table, its problems in
 * the `reason` column as JSON. Returns null for a blank row (spreadsheets export trailing ones). `problems` is empty
 * when the row is acceptable.
 */
export function stageRow(cells: string[], line: number, m: Mapping): { copyLine: string; problems: Message[] } | null {
  const cell = (i: number | undefined) => (i === undefined ? '' : cellText(cells[i] ?? ''));
  let blank = true;
  for (const c of cells) {
    if (c.trim() !== '') {
      blank = false;
      break;
    }
  }
  if (blank) return null;

  let lastName = cell(m.lastName);
  let firstName = cell(m.firstName);
  let middleName = cell(m.middleName);
  if (m.fullName !== undefined) {
    const parts = cell(m.fullName).split(/\s+/).filter(Boolean);
    lastName ||= parts[0] ?? '';
    firstName ||= parts[1] ?? '';
    middleName ||= parts.slice(2).join(' ');
  }
  const phoneRaw = cell(m.phone);
  const emailRaw = cell(m.email);
  const notes = cell(m.notes);
  const phone = phoneRaw ? normalizePhoneFast(phoneRaw) : null;
  const email = emailRaw ? normalizeEmail(emailRaw) : null;
  const problems = rowProblems({ lastName, firstName, middleName, notes, phoneRaw, emailRaw, phone, email });
  const reason = problems.length ? JSON.stringify(problems) : null;
  const copyLine =
    `${line}\t${copyValue(lastName)}\t${copyValue(firstName)}\t${copyValue(middleName || null)}\t${copyValue(phone)}\t${copyValue(email)}\t` +
    `${copyValue(phoneRaw && phoneRaw !== phone ? phoneRaw : null)}\t${copyValue(emailRaw && emailRaw !== email ? emailRaw : null)}\t` +
    `${copyValue(notes)}\t${copyValue(reason)}\n`;
  return { copyLine, problems };
}
