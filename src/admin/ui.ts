import type { PropertyOptions } from 'adminjs';
import type { Limits } from '../config.js';

/** Display settings shared by the resource definitions. */
export interface UiSettings {
  /** CURRENCY: the ISO code money is in. */
  currency: string;
  currencySymbol: string;
  /** The configured limits, handed to the services (and documentBytes to the drop zones, which warn early). */
  limits: Limits;
}

export { LIST_PER_PAGE, PER_PAGE_CHOICES, PER_PAGE_COOKIE, SEARCH_FILTER } from './list-settings.js';

export function currencySymbol(currency: string): string {
  return new Intl.NumberFormat('ru-RU', { style: 'currency', currency }).formatToParts(0).find((p) => p.type === 'currency')?.value ?? currency;
}

/**
 * Money: two decimals in the form (MoneyEdit: typed the Russian way, `40 000,50`), shown in the configured currency
 * as the panel's language writes it (MoneyValue, from `custom.currency`).
 */
export const moneyProperty = (ui: UiSettings, extra: PropertyOptions = {}): PropertyOptions => ({
  type: 'currency',
  props: { decimalScale: 2, decimalSeparator: ',', groupSeparator: ' ', suffix: ` ${ui.currencySymbol}` },
  ...extra,
  custom: { currency: ui.currency, ...(extra.custom ?? {}) },
});

export const readOnly: PropertyOptions = { isVisible: { list: true, show: true, edit: false, filter: true } };
export const showOnly: PropertyOptions = { isVisible: { list: false, show: true, edit: false, filter: false } };
export const hidden: PropertyOptions = { isVisible: false };

export const NAV = {
  marketing: { name: 'marketing', icon: 'TrendingUp' },
  sales: { name: 'sales', icon: 'Briefcase' },
  administration: { name: 'administration', icon: 'Settings' },
} as const;
