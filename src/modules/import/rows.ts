import { normalizeEmail, normalizePhone } from '../leads/contact.js';
import type { Mapping } from './columns.js';

/** Column limits of `leads` (and of the single-lead form). */
const NAME_MAX = 100;
const NOTES_MAX = 20_000;

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

const quoteForReason = (v: string) => `«${v.length > 40 ? `${v.slice(0, 40)}…` : v}»`;

/**
 * One data row checked by the single-lead rules (a name, a phone or an e-mail, both valid when given, lengths) and
 * turned into a COPY line of the staging table. Returns null for a blank row (spreadsheets export trailing ones).
 * `reason` is null when the row is acceptable.
 */
export function stageRow(cells: string[], line: number, m: Mapping): { copyLine: string; reason: string | null } | null {
  const cell = (i: number | undefined) => (i === undefined ? '' : (cells[i] ?? '').trim());
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

  const problems: string[] = [];
  if (!lastName) problems.push('нет фамилии');
  else if (lastName.length > NAME_MAX) problems.push(`фамилия длиннее ${NAME_MAX} символов`);
  if (!firstName) problems.push('нет имени');
  else if (firstName.length > NAME_MAX) problems.push(`имя длиннее ${NAME_MAX} символов`);
  if (middleName.length > NAME_MAX) problems.push(`отчество длиннее ${NAME_MAX} символов`);
  if (notes.length > NOTES_MAX) problems.push(`комментарий длиннее ${NOTES_MAX} символов`);
  const phone = phoneRaw ? normalizePhoneFast(phoneRaw) : null;
  const email = emailRaw ? normalizeEmail(emailRaw) : null;
  if (!phoneRaw && !emailRaw) problems.push('нет ни телефона, ни e-mail');
  if (phoneRaw && !phone) problems.push(`не похоже на номер телефона: ${quoteForReason(phoneRaw)}`);
  if (emailRaw && !email) problems.push(`неверный e-mail: ${quoteForReason(emailRaw)}`);

  let reason: string | null = null;
  if (problems.length) {
    const text = problems.join('; ');
    reason = text[0].toUpperCase() + text.slice(1);
  }
  const copyLine =
    `${line}\t${copyValue(lastName)}\t${copyValue(firstName)}\t${copyValue(middleName || null)}\t${copyValue(phone)}\t${copyValue(email)}\t` +
    `${copyValue(phoneRaw && phoneRaw !== phone ? phoneRaw : null)}\t${copyValue(emailRaw && emailRaw !== email ? emailRaw : null)}\t` +
    `${copyValue(notes)}\t${copyValue(reason)}\n`;
  return { copyLine, reason };
}
