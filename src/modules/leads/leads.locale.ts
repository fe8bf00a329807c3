import type { ModuleLocale } from '../../admin/locale/index.js';

/** Texts of the lead form's duplicate warning (components/LeadContactEdit.tsx). */
export const leadsLocale: ModuleLocale = {
  ru: {
    components: {
      LeadContactEdit: {
        phoneTaken: 'Этот телефон уже есть у потенциального клиента:',
        emailTaken: 'Этот e-mail уже есть у потенциального клиента:',
        maySave: 'Сохранить всё равно можно: один человек может откликнуться на разные кампании.',
      },
    },
  },
  en: {
    components: {
      LeadContactEdit: {
        phoneTaken: 'A lead with this phone already exists:',
        emailTaken: 'A lead with this e-mail already exists:',
        maySave: 'You may still save: the same person can answer several campaigns.',
      },
    },
  },
};
