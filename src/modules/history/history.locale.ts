import type { ModuleLocale } from '../../admin/locale/index.js';

const resourcesRu = { services: 'Услуги', campaigns: 'Рекламные кампании', leads: 'Лиды', contracts: 'Контракты', customers: 'Клиенты', users: 'Пользователи' };
const resourcesEn = { services: 'Services', campaigns: 'Campaigns', leads: 'Leads', contracts: 'Contracts', customers: 'Customers', users: 'Users' };

/** Texts of the records' history (their pages) and of the journal (administrators). */
export const historyLocale: ModuleLocale = {
  ru: {
    labels: { history: 'Журнал изменений' },
    properties: { history: 'История изменений' },
    resources: {
      history: {
        properties: {
          id: 'ID', at: 'Когда', actorId: 'Пользователь', who: 'Кто', via: 'Откуда', resource: 'Раздел', recordId: 'ID записи',
          recordTitle: 'Запись', action: 'Действие', summary: 'Что изменилось',
        },
        labels: {
          via: { panel: 'Панель', api: 'API', import: 'Импорт', system: 'Система' },
          resource: resourcesRu,
          action: {
            create: 'Создание', edit: 'Изменение', delete: 'Удаление', launch: 'Запуск', finish: 'Завершение', convert: 'Перевод в клиенты',
            markLost: 'Отказ', import: 'Импорт', importUndo: 'Отмена импорта', tokenIssue: 'Выпуск токена', tokenRevoke: 'Отзыв токена',
            take: 'Взял в работу', assign: 'Назначение', unassign: 'Снятие ответственного',
          },
        },
      },
    },
    components: { RecordHistory: { none: 'Изменений пока нет', more: 'Показать ещё', failed: 'Не удалось загрузить историю' } },
  },
  en: {
    labels: { history: 'Change journal' },
    properties: { history: 'History' },
    resources: {
      history: {
        properties: {
          id: 'ID', at: 'When', actorId: 'User', who: 'Who', via: 'Via', resource: 'Section', recordId: 'Record ID',
          recordTitle: 'Record', action: 'Action', summary: 'What changed',
        },
        labels: {
          via: { panel: 'Panel', api: 'API', import: 'Import', system: 'System' },
          resource: resourcesEn,
          action: {
            create: 'Created', edit: 'Edited', delete: 'Deleted', launch: 'Launched', finish: 'Finished', convert: 'Converted',
            markLost: 'Marked lost', import: 'Import', importUndo: 'Import undone', tokenIssue: 'Token issued', tokenRevoke: 'Token revoked',
            take: 'Taken', assign: 'Assigned', unassign: 'Unassigned',
          },
        },
      },
    },
    components: { RecordHistory: { none: 'No changes yet', more: 'Show more', failed: 'Could not load the history' } },
  },
};
