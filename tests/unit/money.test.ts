import { formatMoney, parseMoney } from '../../components/money.js';

describe('money typed in the panel', () => {
  it.each([
    ['40000', '40000.00'],
    ['40 000', '40000.00'],
    ['40 000,50', '40000.50'],
    ['40000.50', '40000.50'],
    ['40\u00a0000,5 ₽', '40000.50'],
    ['-1 500,00', '-1500.00'],
  ])('in Russian %j is %s', (typed, amount) => {
    expect(parseMoney(typed)).toBe(amount);
  });

  it.each([
    ['40000', '40000.00'],
    ['40,000', '40000.00'],
    ['40,000.50', '40000.50'],
    ['₽40,000.50', '40000.50'],
    ['$1,234,567.8', '1234567.80'],
  ])('in English %j is %s (a comma groups thousands, the sign is left out)', (typed, amount) => {
    expect(parseMoney(typed, 'en', typed.startsWith('$') ? '$' : '₽')).toBe(amount);
  });

  it.each([['40,000.50', 'ru'], ['40.000,50', 'en'], ['сорок', 'ru'], ['1.234', 'en'], ['', 'en']])('%j is no amount in %s', (typed, language) => {
    expect(parseMoney(typed, language)).toBeNull();
  });

  it('reads in the Russian form, digits as they are', () => {
    expect(formatMoney('1234567.8', '₽')).toBe('1 234 567,80 ₽');
  });
});
