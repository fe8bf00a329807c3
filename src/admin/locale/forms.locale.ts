import type { ModuleLocale } from './index.js';

/** Texts of the panel's own form fields shared by every resource (components/MoneyEdit.tsx). */
export const formsLocale: ModuleLocale = {
  ru: {
    messages: { moneyFormat: 'Введите сумму цифрами, например 40 000 или 40 000,50' },
  },
  en: {
    messages: { moneyFormat: 'Type the amount in digits, e.g. 40000 or 40000.50' },
  },
};
