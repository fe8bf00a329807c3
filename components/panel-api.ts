/**
 * What the panel's own components need to call the REST API (/api/v1) as the panel: its chosen language, sent as
 * Accept-Language (the API renders messages and reports by it, not by the browser's language), and money written
 * in the configured currency in that language's form. Free of server imports: bundled with the components.
 */

/** The API's language for the panel's (i18next) language: English when chosen, Russian otherwise. */
export const apiLanguageOf = (panelLanguage: string | undefined): 'ru' | 'en' => ((panelLanguage ?? '').startsWith('en') ? 'en' : 'ru');

/** Headers of a JSON call to the API in the panel's language. */
export const apiHeaders = (panelLanguage: string | undefined): Record<string, string> => ({
  accept: 'application/json',
  'accept-language': apiLanguageOf(panelLanguage),
});

const formats = new Map<string, Intl.NumberFormat>();
function moneyFormat(currency: string, language: string): Intl.NumberFormat {
  const key = `${currency}\u0000${language}`;
  let f = formats.get(key);
  if (!f) {
    try {
      f = new Intl.NumberFormat(language, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
    } catch {
      f = new Intl.NumberFormat(language, { style: 'currency', currency });
    }
    formats.set(key, f);
  }
  return f;
}

/** The currency's sign as the language writes it (₽, $, €; the code when there is none). */
export const currencySign = (currency: string, language: string): string =>
  moneyFormat(currency, language).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;

/**
 * Money from the API's exact decimal string ("1234567.80"), in the currency and the language's form: its grouping,
 * decimal mark, sign and where the currency goes (1 234 567,80 ₽; ₽1,234,567.80; $1,234,567.80). The digits are
 * the string's own: no float on the way, so a sum is never rounded.
 */
export function formatMoney(value: string, currency: string, language: string): string {
  const format = moneyFormat(currency, language);
  const negative = value.trim().startsWith('-');
  const [int, frac = ''] = value.trim().replace(/^[-+]/, '').split('.');
  const digits = format.resolvedOptions().minimumFractionDigits ?? 2;
  const group = format.formatToParts(1_000_000).find((p) => p.type === 'group')?.value ?? '';
  const grouped = int.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, group);
  return format
    .formatToParts(negative ? -1 : 1)
    .map((p) => (p.type === 'integer' ? grouped : p.type === 'fraction' ? frac.padEnd(digits, '0').slice(0, digits) : p.value))
    .join('');
}
