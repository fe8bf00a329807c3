/**
 * Money in the panel as in the lists: `40 000,50 ₽`. Stored and sent as a decimal string (`40000.50`); digits are
 * moved as text, never through a float.
 */

/** `40 000,50 ₽` from `40000.50` (the symbol left off when empty). */
export function formatMoney(value: string, symbol = ''): string {
  const negative = value.startsWith('-');
  const [int, frac = ''] = value.replace(/^-/, '').split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${negative ? '−' : ''}${grouped},${frac.padEnd(2, '0').slice(0, 2)}${symbol ? ` ${symbol}` : ''}`;
}

/**
 * What a person typed as an amount, by the server's rule (src/shared/validation.ts `money`): spaces and ₽ ignored,
 * a comma or a dot before at most two decimals — `40000`, `40 000`, `40 000,50`, `40000.50`. In English a comma
 * groups thousands (`40,000.50`, `₽40,000.50`: the form the English panel shows), and the currency's `sign` is
 * ignored too. Null when it is not an amount (the server refuses it with a message by the field).
 */
export function parseMoney(text: string, language = 'ru', sign = '₽'): string | null {
  const bare = text.replace(/[\s\u00a0\u202f₽]/g, '').split(sign).join('');
  const s = language.startsWith('en') ? bare.replace(/,/g, '') : bare.replace(',', '.');
  if (!/^-?\d+(\.\d{1,2})?$/.test(s)) return null;
  const negative = s.startsWith('-');
  const [int, frac = ''] = s.replace(/^-/, '').split('.');
  return `${negative ? '-' : ''}${int.replace(/^0+(?=\d)/, '')}.${frac.padEnd(2, '0')}`;
}
