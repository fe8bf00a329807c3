import type { PropertyOptions } from 'adminjs';

/** Display settings shared by the resource definitions. */
export interface UiSettings {
  currencySymbol: string;
  /** MAX_DOCUMENT_MB in bytes, for the drop zones (the server enforces it anyway). */
  maxDocumentBytes: number;
}

/** Rows on a list page unless the user picks another size under the list (PER_PAGE_CHOICES, `?perPage=`). */
export const LIST_PER_PAGE = 25;
export const PER_PAGE_CHOICES: readonly number[] = [10, 25, 50, 100];
/**
 * The page size the user chose (components/ListToolbar.tsx), kept by the browser: AdminJS's pager and column
 * headers drop `perPage` from the address, so a list asked without one reads it from here.
 */
export const PER_PAGE_COOKIE = 'crm_per_page';

/** The list filter of the search box over the leads and customers lists (`filters.search`): name, phone, e-mail at once. */
export const SEARCH_FILTER = 'search';

export function currencySymbol(currency: string): string {
  return new Intl.NumberFormat('ru-RU', { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
}

/** Money: two decimals, Russian separators, the currency sign after the amount. */
export const moneyProperty = (ui: UiSettings, extra: PropertyOptions = {}): PropertyOptions => ({
  type: 'currency',
  props: { decimalScale: 2, decimalSeparator: ',', groupSeparator: ' ', suffix: ` ${ui.currencySymbol}` },
  ...extra,
});

export const readOnly: PropertyOptions = { isVisible: { list: true, show: true, edit: false, filter: true } };
export const showOnly: PropertyOptions = { isVisible: { list: false, show: true, edit: false, filter: false } };
export const hidden: PropertyOptions = { isVisible: false };

export const NAV = {
  marketing: { name: 'marketing', icon: 'TrendingUp' },
  sales: { name: 'sales', icon: 'Briefcase' },
  administration: { name: 'administration', icon: 'Settings' },
} as const;
