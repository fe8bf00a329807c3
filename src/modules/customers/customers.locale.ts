import type { ModuleLocale } from '../../admin/locale/index.js';

/** Texts of the customer's card and of the contracts table it shares with the lead's card. */
export const customersLocale: ModuleLocale = {
  ru: {
    resources: {
      customers: {
        properties: { phone: 'Телефон', email: 'E-mail', convertedById: 'Перевёл в клиенты', assigneeId: 'Ответственный', contracts: 'Контракты', contractsCount: 'Все контракты клиента' },
      },
      leads: { properties: { contracts: 'Контракты клиента' } },
    },
    components: {
      CustomerContracts: {
        name: 'Название', service: 'Услуга', amount: 'Сумма', period: 'Период', document: 'Документ',
        none: 'Контрактов пока нет', add: 'Добавить контракт', salesVolume: 'Объём продаж',
      },
    },
  },
  en: {
    resources: {
      customers: {
        properties: { phone: 'Phone', email: 'E-mail', convertedById: 'Converted by', assigneeId: 'Responsible manager', contracts: 'Contracts', contractsCount: 'All the customer\'s contracts' },
      },
      leads: { properties: { contracts: 'Customer\'s contracts' } },
    },
    components: {
      CustomerContracts: {
        name: 'Name', service: 'Service', amount: 'Amount', period: 'Period', document: 'Document',
        none: 'No contracts yet', add: 'Add contract', salesVolume: 'Sales volume',
      },
    },
  },
};
