/**
 * What a form field says when its value is refused: zod's findings become message codes, rendered here in both
 * languages exactly as users read them.
 */
import { z } from 'zod';
import { DomainError } from '../../src/shared/errors.js';
import { dateOnly, id, money, parseInput, requiredText } from '../../src/shared/validation.js';

function refusal(schema: z.ZodTypeAny, value: unknown, lang: 'ru' | 'en' = 'ru'): string | undefined {
  try {
    parseInput(z.object({ f: schema }), { f: value });
  } catch (e) {
    if (e instanceof DomainError) return e.render(lang).fields.f;
    throw e;
  }
  return undefined;
}

it.each([
  ['a blank id', id, '', 'Обязательное поле', 'Required'],
  ['a missing id', id, undefined, 'Обязательное поле', 'Required'],
  ['a word for an id', id, 'abc', 'Неверный идентификатор', 'Invalid id'],
  ['a blank required text', requiredText(100), '  ', 'Обязательное поле', 'Required'],
  ['a text over its limit', requiredText(100), 'я'.repeat(101), 'Не длиннее 100 символов', 'At most 100 characters'],
  ['a text over a long limit', requiredText(1000), 'я'.repeat(1001), 'Не длиннее 1000 символов', 'At most 1000 characters'],
  ['an amount that is not a number', money(), '12,345', 'Сумма: число с не более чем двумя знаками после запятой', 'Amount: a number with at most two decimals'],
  ['a negative amount', money(), '-1', 'Сумма не может быть отрицательной', 'The amount cannot be negative'],
  ['a zero amount where it must be positive', money({ positive: true }), '0', 'Сумма должна быть больше нуля', 'The amount must be greater than zero'],
  ['a month 13', dateOnly, '2026-13-01', 'Дата в формате ГГГГ-ММ-ДД', 'A date as YYYY-MM-DD'],
  ['a value outside a list', z.enum(['a', 'b']), 'c', 'Недопустимое значение; возможные: a, b', 'Invalid value; allowed: a, b'],
  ['a bad e-mail', z.string().email(), 'x@', 'Неверный адрес e-mail', 'Invalid e-mail address'],
  ['a number under its minimum', z.number().min(5), 1, 'Не меньше 5', 'At least 5'],
  ['a number over its maximum', z.number().max(10000), 20000, 'Не больше 10000', 'At most 10000'],
  ['a short password', z.string().min(8, 'user.passwordTooShort'), 'abc', 'Пароль не короче 8 символов', 'The password needs at least 8 characters'],
])('%s', (_what, schema, value, ru, en) => {
  expect(refusal(schema, value, 'ru')).toBe(ru);
  expect(refusal(schema, value, 'en')).toBe(en);
});
