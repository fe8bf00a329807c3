import React from 'react';
import { ValueGroup } from '@adminjs/design-system';
import { type BasePropertyProps, useTranslation } from 'adminjs';
import { formatMoney } from './panel-api';

/**
 * Overrides AdminJS's list and show of money (DefaultCurrencyListProperty/ShowProperty), which wrote every amount
 * with Russian separators whatever the language: an amount in the configured currency (`custom.currency`, from
 * CURRENCY) in the panel language's form — `12 345,60 ₽` in Russian, `₽12,345.60` in English — on one line. On a
 * card an empty amount is left out rather than shown as a bare label.
 */
const MoneyValue: React.FC<BasePropertyProps> = ({ property, record, where }) => {
  const { translateProperty, i18n } = useTranslation();
  const raw = record?.params[property.path] as string | number | null | undefined;
  const currency = String(property.custom?.currency ?? 'RUB');
  const text = raw === null || raw === undefined || raw === '' ? '' : formatMoney(String(raw), currency, i18n.language ?? 'ru');
  if (where === 'show') return text ? <ValueGroup label={translateProperty(property.label, property.resourceId)}>{text}</ValueGroup> : null;
  return <span style={{ whiteSpace: 'nowrap' }}>{text}</span>;
};

export default MoneyValue;
