import { msg, validationError } from '../../shared/errors.js';

/** What a column of the file can hold. `fullName` is ФИО in one cell, split into last, first and middle name. */
export const FIELDS = ['lastName', 'firstName', 'middleName', 'fullName', 'phone', 'email', 'notes'] as const;
export type Field = (typeof FIELDS)[number];

/** Field → 0-based column index of the file; a field left out is not imported. */
export type Mapping = Partial<Record<Field, number>>;

/** Header names we recognise, compared lower-cased with spaces, dots, dashes and underscores removed. */
const SYNONYMS: Record<Field, string[]> = {
  lastName: ['фамилия', 'lastname', 'surname', 'familyname'],
  firstName: ['имя', 'firstname', 'givenname', 'name'],
  middleName: ['отчество', 'middlename', 'patronymic', 'secondname'],
  fullName: ['фио', 'фамилияимяотчество', 'fullname', 'контакт', 'клиент', 'contact', 'contactname'],
  phone: ['телефон', 'тел', 'мобильный', 'мобильныйтелефон', 'номертелефона', 'phone', 'phonenumber', 'mobile', 'tel', 'telephone'],
  email: ['email', 'электроннаяпочта', 'почта', 'емейл', 'емэйл', 'имейл', 'mail', 'emailaddress', 'эпочта'],
  notes: ['комментарий', 'комментарии', 'примечание', 'примечания', 'заметки', 'notes', 'note', 'comment', 'comments', 'remarks'],
};

const canonical = (header: string) => header.toLowerCase().replace(/ё/g, 'е').replace(/[\s._\-–—:*]+/g, '');

/** Proposes a mapping from the header row: the first column whose name is a known synonym of each field. */
export function proposeMapping(headers: string[]): Mapping {
  const mapping: Mapping = {};
  headers.forEach((h, index) => {
    const name = canonical(h);
    for (const field of FIELDS) {
      if (mapping[field] === undefined && SYNONYMS[field].includes(name)) {
        mapping[field] = index;
        return;
      }
    }
  });
  return mapping;
}

/** Checks a mapping the client sent (JSON, field → column index or header name) against the header row. */
export function parseMapping(raw: unknown, headers: string[]): Mapping {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw validationError({ mapping: msg('import.mappingNotJson') });
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw validationError({ mapping: msg('import.mappingNotObject') });
  const mapping: Mapping = {};
  for (const [field, column] of Object.entries(value as Record<string, unknown>)) {
    if (!(FIELDS as readonly string[]).includes(field)) throw validationError({ mapping: msg('import.mappingUnknownField', { field }) });
    if (column === null || column === undefined || column === '' || column === -1) continue;
    const index = typeof column === 'number' ? column : headers.indexOf(String(column));
    if (!Number.isInteger(index) || index < 0 || index >= headers.length) {
      throw validationError({ mapping: msg('import.mappingNoSuchColumn', { field, column: String(column) }) });
    }
    mapping[field as Field] = index;
  }
  return mapping;
}

/** A mapping we can import with: some contact column, and a name (ФИО or last and first name). */
export function assertUsableMapping(mapping: Mapping, headers: string[]): void {
  const hasContact = mapping.phone !== undefined || mapping.email !== undefined;
  const hasName = mapping.fullName !== undefined || (mapping.lastName !== undefined && mapping.firstName !== undefined);
  if (!hasContact || !hasName) {
    const missing = !hasName && !hasContact ? 'both' : !hasName ? 'name' : 'contact';
    throw validationError(
      { mapping: msg('import.columnsMissing', { missing }) },
      msg('import.columnsUnrecognised', { missing, count: headers.length, headers: headers.map((h) => `«${h.slice(0, 40)}»`).join(', ') }),
    );
  }
}
