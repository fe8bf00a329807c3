import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { type BasePropertyProps, useTranslation } from 'adminjs';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A date or an instant as people read it in the panel's language: `01.12.2026` and `01.12.2026 10:48` in Russian,
 * `12/01/2026` and `12/01/2026 10:48 AM` in English. Instants in the browser's time zone, dates as they are.
 */
export function formatDatetime(value: string, type: string, language: string): string {
  const date = type === 'date' ? new Date(`${value.slice(0, 10)}T00:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const day = new Intl.DateTimeFormat(language, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(date);
  if (type === 'date') return day;
  const time = language.startsWith('ru')
    ? `${pad(date.getHours())}:${pad(date.getMinutes())}`
    : new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' }).format(date);
  return `${day} ${time}`;
}

/**
 * Overrides AdminJS's list and show of dates and instants (DefaultDatetimeListProperty/ShowProperty), which print
 * `2026-11-30 20:40` whatever the language. On a card an empty date is left out rather than shown as a bare label.
 */
const DatetimeValue: React.FC<BasePropertyProps> = ({ property, record, where }) => {
  const { translateProperty, i18n } = useTranslation();
  const raw = record?.params[property.path] as string | undefined;
  const text = raw ? formatDatetime(raw, property.type, i18n.language ?? 'ru') : '';
  if (where === 'show') return text ? <ValueGroup label={translateProperty(property.label, property.resourceId)}>{text}</ValueGroup> : null;
  return <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;
};

export default DatetimeValue;
