import type { ModuleLocale } from '../../admin/locale/index.js';

/**
 * Texts of the lead form's duplicate warning (components/LeadContactEdit.tsx) and of the responsible manager:
 * the assignee picker and filter, «Взять в работу», «Назначить», «Снять назначение», «Мои лиды».
 */
export const leadsLocale: ModuleLocale = {
  ru: {
    components: {
      LeadContactEdit: {
        phoneTaken: 'Этот телефон уже есть у потенциального клиента:',
        emailTaken: 'Этот e-mail уже есть у потенциального клиента:',
        maySave: 'Сохранить всё равно можно: один человек может откликнуться на разные кампании.',
      },
      Assignee: {
        none: 'Не назначен',
        leaveUnassigned: 'Оставить без ответственного',
        choose: 'Выберите менеджера',
        changeByActions: 'Меняется кнопками «Взять в работу», «Назначить» и «Снять назначение»',
      },
      AssignLeads: {
        title_one: 'Назначить ответственного: {{count}} лид',
        title_few: 'Назначить ответственного: {{count}} лида',
        title_many: 'Назначить ответственного: {{count}} лидов',
        title_other: 'Назначить ответственного: {{count}} лида',
        manager: 'Ответственный менеджер',
        submit: 'Назначить',
        cancel: 'Отмена',
        unassignTitle: 'Снять назначение',
        unassignConfirm_one: 'У {{count}} выбранного лида не будет ответственного. Продолжить?',
        unassignConfirm_few: 'У {{count}} выбранных лидов не будет ответственного. Продолжить?',
        unassignConfirm_many: 'У {{count}} выбранных лидов не будет ответственного. Продолжить?',
        unassignConfirm_other: 'У {{count}} выбранного лида не будет ответственного. Продолжить?',
        unassignSubmit: 'Снять назначение',
      },
      MyLeads: {
        title: 'Мои лиды',
      },
    },
    actions: {
      take: 'Взять в работу',
      assign: 'Назначить',
      unassign: 'Снять назначение',
      bulkAssign: 'Назначить',
      bulkUnassign: 'Снять назначение',
    },
    messages: {
      leadTaken: 'Лид ваш и в работе',
      leadsAssigned: 'Ответственный назначен',
      leadsAssigned_plural: 'Ответственный назначен: {{count}}',
      leadsUnassigned: 'Назначение снято',
      leadsUnassigned_plural: 'Назначение снято: {{count}}',
      confirmTake: 'Взять лид в работу? Вы станете ответственным, статус — «В работе».',
      confirmUnassign: 'Снять назначение? У лида не будет ответственного.',
    },
    resources: {
      leads: {
        properties: { assigneeId: 'Ответственный', assignee: 'Ответственный' },
        actions: { take: 'Взять в работу', assign: 'Назначить', unassign: 'Снять назначение', bulkAssign: 'Назначить', bulkUnassign: 'Снять назначение' },
      },
      customers: { properties: { assigneeId: 'Ответственный', assignee: 'Ответственный' } },
      users: { properties: { openLeadsTo: 'Его открытые лиды передать' } },
    },
  },
  en: {
    components: {
      LeadContactEdit: {
        phoneTaken: 'A lead with this phone already exists:',
        emailTaken: 'A lead with this e-mail already exists:',
        maySave: 'You may still save: the same person can answer several campaigns.',
      },
      Assignee: {
        none: 'Unassigned',
        leaveUnassigned: 'Leave them unassigned',
        choose: 'Choose a manager',
        changeByActions: 'Changed by «Take», «Assign» and «Unassign»',
      },
      AssignLeads: {
        title_one: 'Assign a responsible manager: {{count}} lead',
        title_other: 'Assign a responsible manager: {{count}} leads',
        manager: 'Responsible manager',
        submit: 'Assign',
        cancel: 'Cancel',
        unassignTitle: 'Unassign',
        unassignConfirm_one: '{{count}} chosen lead will have no responsible manager. Go on?',
        unassignConfirm_other: '{{count}} chosen leads will have no responsible manager. Go on?',
        unassignSubmit: 'Unassign',
      },
      MyLeads: {
        title: 'My leads',
      },
    },
    actions: {
      take: 'Take',
      assign: 'Assign',
      unassign: 'Unassign',
      bulkAssign: 'Assign',
      bulkUnassign: 'Unassign',
    },
    messages: {
      leadTaken: 'The lead is yours and in progress',
      leadsAssigned: 'Responsible manager assigned',
      leadsAssigned_plural: 'Responsible manager assigned: {{count}}',
      leadsUnassigned: 'Unassigned',
      leadsUnassigned_plural: 'Unassigned: {{count}}',
      confirmTake: 'Take this lead? You become responsible for it and it is in progress.',
      confirmUnassign: 'Unassign? The lead will have no responsible manager.',
    },
    resources: {
      leads: {
        properties: { assigneeId: 'Responsible', assignee: 'Responsible' },
        actions: { take: 'Take', assign: 'Assign', unassign: 'Unassign', bulkAssign: 'Assign', bulkUnassign: 'Unassign' },
      },
      customers: { properties: { assigneeId: 'Responsible', assignee: 'Responsible' } },
      users: { properties: { openLeadsTo: 'Hand their open leads to' } },
    },
  },
};
