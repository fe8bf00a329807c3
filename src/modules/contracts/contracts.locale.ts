import type { ModuleLocale } from '../../admin/locale/index.js';

/** Texts of the contract form's document field (components/DocumentEdit.tsx). */
export const contractsLocale: ModuleLocale = {
  ru: {
    resources: { contracts: { properties: { document: 'Документ' } } },
    components: {
      DocumentEdit: {
        current: 'Текущий файл',
        hint: 'PDF, DOC, DOCX, ODT, PNG или JPG; тип проверяется по содержимому файла.',
        replaceHint: 'Новый файл заменит текущий. PDF, DOC, DOCX, ODT, PNG или JPG.',
      },
    },
  },
  en: {
    resources: { contracts: { properties: { document: 'Document' } } },
    components: {
      DocumentEdit: {
        current: 'Current file',
        hint: 'PDF, DOC, DOCX, ODT, PNG or JPG; the type is checked by the file\'s content.',
        replaceHint: 'A new file replaces the current one. PDF, DOC, DOCX, ODT, PNG or JPG.',
      },
    },
  },
};
