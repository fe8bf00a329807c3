import type { ModuleLocale } from './index.js';

/**
 * Texts of the panel's own form fields and list tools shared by every resource (components/MoneyEdit.tsx,
 * DocumentDrop.tsx, ListToolbar.tsx).
 */
export const formsLocale: ModuleLocale = {
  ru: {
    messages: { moneyFormat: 'Введите сумму цифрами, например 40 000 или 40 000,50' },
    // the search box's filter, as the export drawer names the filters it takes
    properties: { search: 'Поиск' },
    components: {
      DocumentDrop: {
        placeholder: 'Перетащите файл сюда или нажмите, чтобы выбрать',
        limit: 'Один файл до {{limit}}',
        tooLarge: 'Файл «{{name}}» больше {{limit}}: выберите файл поменьше',
        remove: 'Убрать',
        units: { bytes: 'байт', kb: 'КБ', mb: 'МБ', gb: 'ГБ' },
      },
      ListToolbar: {
        search: 'Поиск',
        searchPlaceholder: 'Имя, телефон или e-mail',
        perPage: 'Строк на странице',
      },
    },
  },
  en: {
    messages: { moneyFormat: 'Type the amount in digits, e.g. 40000 or 40000.50' },
    properties: { search: 'Search' },
    components: {
      DocumentDrop: {
        placeholder: 'Drop a file here or click to choose one',
        limit: 'One file, up to {{limit}}',
        tooLarge: 'The file «{{name}}» is larger than {{limit}}: choose a smaller one',
        remove: 'Remove',
        units: { bytes: 'bytes', kb: 'KB', mb: 'MB', gb: 'GB' },
      },
      ListToolbar: {
        search: 'Search',
        searchPlaceholder: 'Name, phone or e-mail',
        perPage: 'Rows per page',
      },
    },
  },
};
