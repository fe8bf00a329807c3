import React, { useEffect, useState } from 'react';
import { FormGroup, FormMessage, Input, Label } from '@adminjs/design-system';
import { type EditPropertyProps, useTranslation } from 'adminjs';
import { formatMoney as formatRussian, parseMoney as parseAmount } from './money';
import { currencySign, formatMoney as formatIn } from './panel-api';
import { isReadOnly } from './read-only';

type Props = EditPropertyProps & { OriginalComponent?: unknown };

/**
 * Overrides AdminJS's DefaultCurrencyEditProperty (a contract's amount, a campaign's budget, a service's price).
 * Its input drops any character but the configured decimal comma, so `40000.50` became 400 005 000 ₽ without a
 * word, and it ignores `isDisabled`. Here the amount reads as in the lists (`40 000,00 ₽`) while the field is not
 * being edited; typing takes `40000`, `40 000`, `40 000,50` or `40000.50` (the server's rule), and anything else
 * is sent as typed, so the server answers with its message by the field (shown at once on leaving the field).
 * In the English panel the amount reads `₽40,000.50` and a comma groups thousands when typing. Disabled when the
 * server will refuse a change of it on this record.
 */
const MoneyEdit: React.FC<Props> = ({ property, record, onChange }) => {
  const { translateProperty, tm, translateMessage, i18n } = useTranslation();
  const language = i18n.language ?? 'ru';
  const english = language.startsWith('en');
  const currency = String(property.custom?.currency ?? 'RUB');
  const sign = currencySign(currency, language);
  const parseMoney = (v: string) => parseAmount(v, language, sign);
  // an amount as the field holds it while typed (no sign), and as it reads when left, as the lists write it
  const typedForm = (amount: string) => (english ? formatIn(amount, currency, language).replace(sign, '') : formatRussian(amount));
  const leftForm = (amount: string) => (english ? formatIn(amount, currency, language) : formatRussian(amount, sign));
  const stored = record?.params?.[property.path];
  const storedText = stored === undefined || stored === null ? '' : String(stored);
  const readOnly = property.isDisabled || isReadOnly(record, property.path);
  const shown = (v: string) => {
    const amount = parseMoney(v);
    return amount === null ? v : typedForm(amount);
  };
  const [text, setText] = useState(() => shown(storedText));
  const [focused, setFocused] = useState(false);
  const [invalid, setInvalid] = useState(false);

  // a failed save brings the record back: show what it holds now (unless the user is typing)
  useEffect(() => {
    if (!focused && parseMoney(text) !== parseMoney(storedText)) setText(shown(storedText));
  }, [storedText]);

  const error = record?.errors?.[property.path];
  const message = error ? tm(error.message, property.resourceId) : invalid ? translateMessage('moneyFormat', property.resourceId) : '';
  const value = focused || !text || parseMoney(text) === null ? text : leftForm(parseMoney(text)!);

  return (
    <FormGroup error={!!message}>
      <Label htmlFor={property.path} required={property.isRequired}>{translateProperty(property.label, property.resourceId)}</Label>
      <Input
        id={property.path}
        name={property.path}
        inputMode="decimal"
        autoComplete="off"
        value={value}
        disabled={readOnly}
        width={1}
        onFocus={() => setFocused(true)}
        onBlur={() => {
          setFocused(false);
          const amount = parseMoney(text);
          setInvalid(!!text.trim() && amount === null);
          if (amount !== null) setText(typedForm(amount));
        }}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
          const typed = e.target.value;
          setText(typed);
          setInvalid(false);
          const amount = parseMoney(typed);
          onChange?.(property.path, amount ?? typed);
        }}
      />
      <FormMessage>{message}</FormMessage>
    </FormGroup>
  );
};

export default MoneyEdit;
