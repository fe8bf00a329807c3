import type { LocaleTranslations } from 'adminjs';

/**
 * Russian translation: the complete AdminJS 7 UI (every key of
 * adminjs/lib/locale/en/translation.json) plus the CRM texts.
 *
 * How AdminJS 7.8 looks keys up (lib/utils/translate-functions.factory.js):
 *   t*(name, resourceId) tries `resources.<resourceId>.<section>.<name>`, then `<section>.<name>`.
 *   - resource (navigation) name: labels.<resourceId>; navigation group: labels.<navigation.name>
 *   - property label: properties.<propertyPath>
 *   - enum / boolean values are translated with translateLabel, NOT translateProperty:
 *     labels.<propertyPath>.<value> (e.g. resources.campaigns.labels.status.draft,
 *     resources.users.labels.active.true).
 *
 * Constraints coming from AdminJS (options-parser getLocales flattens and unflattens the locale):
 *   - a key can't be both a string and a prefix of other keys at the same level:
 *     `properties.roles` and `properties.roles.addNewItem` can't live in the same block, one of
 *     them is silently dropped. That is why `roles.addNewItem` lives in the global `properties`
 *     and the `roles` label in `resources.users.properties`.
 *   - numeric keys turn their parent into an array, so the per-index enum keys used by array
 *     editors (`roles.0.admin`, ...) live in the global `labels`, away from `roles.admin`.
 *   - i18next 22 (JSON v4) picks plural forms by `_one/_few/_many/_other` suffixes; AdminJS itself
 *     chooses between `key` and `key_plural` and passes `count`, so `key_plural_<form>` variants
 *     give correct Russian forms.
 */

const roleLabels = {
  admin: 'Администратор',
  operator: 'Оператор',
  marketer: 'Маркетолог',
  manager: 'Менеджер',
};

export const ru = {
  actions: {
    new: 'Создать',
    edit: 'Редактировать',
    show: 'Просмотр',
    delete: 'Удалить',
    bulkDelete: 'Удалить выбранные',
    list: 'Список',
    // record actions of our resources, as the breadcrumbs name them (without a resource id)
    convert: 'Перевести в клиенты',
    markLost: 'Отказ',
    launch: 'Запустить',
    finish: 'Завершить',
    export: 'Экспорт',
    exportSelected: 'Экспорт выбранных',
  },
  buttons: {
    save: 'Сохранить',
    addNewItem: 'Добавить элемент',
    filter: 'Фильтр',
    filterActive: 'Фильтр ({{count}})',
    applyChanges: 'Применить',
    resetFilter: 'Сбросить',
    confirmRemovalMany: 'Подтвердить удаление {{count}} записи',
    confirmRemovalMany_plural: 'Подтвердить удаление {{count}} записей',
    confirmRemovalMany_plural_one: 'Подтвердить удаление {{count}} записи',
    confirmRemovalMany_plural_few: 'Подтвердить удаление {{count}} записей',
    confirmRemovalMany_plural_many: 'Подтвердить удаление {{count}} записей',
    confirmRemovalMany_plural_other: 'Подтвердить удаление {{count}} записи',
    logout: 'Выйти',
    login: 'Войти',
    seeTheDocumentation: 'Подробнее: <1>документация</1>',
    createFirstRecord: 'Создать первую запись',
    cancel: 'Отмена',
    confirm: 'Подтвердить',
    contactUs: 'Связаться с нами',
    // used by AdminJS modals (useModal), absent from the English file
    ok: 'ОК',
  },
  components: {
    DocumentLink: {
      download: 'Скачать',
      none: 'Нет документа',
    },
    ConvertLead: {
      title: 'Перевод в клиенты: первый контракт',
      service: 'Услуга',
      name: 'Название контракта',
      amount: 'Сумма',
      signedOn: 'Дата подписания',
      startsOn: 'Дата начала',
      endsOn: 'Дата окончания',
      document: 'Документ (PDF, DOC, DOCX, ODT, PNG, JPG)',
      submit: 'Перевести в клиенты',
      alreadyConverted: 'Лид уже переведён в клиенты',
      openCustomer: 'Открыть карточку клиента',
      lost: 'Лид в отказе: перевести его в клиенты нельзя',
    },
    ExportList: {
      title: 'Экспорт списка',
      titleSelected_one: 'Экспорт {{count}} выбранной записи',
      titleSelected_few: 'Экспорт {{count}} выбранных записей',
      titleSelected_many: 'Экспорт {{count}} выбранных записей',
      titleSelected_other: 'Экспорт {{count}} выбранной записи',
      applied: 'Все строки списка с его фильтрами ({{filters}}) и сортировкой',
      noFilters: 'Все строки списка в его сортировке',
      notApplied: 'В файле не учитываются: {{filters}}',
      format: 'Формат',
      xlsx: 'Excel (.xlsx)',
      csv: 'CSV (UTF-8)',
      delimiter: 'Разделитель',
      semicolon: 'Точка с запятой «;» (Excel на русском)',
      comma: 'Запятая «,»',
      download: 'Скачать',
    },
    MarkLost: {
      title: 'Отказ',
      reason: 'Причина отказа',
      submit: 'Отметить отказ',
    },
    RelatedLink: {
      open: 'открыть список',
    },
    DropZone: {
      placeholder: 'Перетащите файл сюда или нажмите, чтобы выбрать',
      acceptedSize: 'Максимальный размер: {{maxSize}}',
      acceptedType: 'Допустимые типы: {{mimeTypes}}',
      unsupportedSize: 'Файл {{fileName}} слишком большой',
      unsupportedType: 'Файл {{fileName}} имеет неподдерживаемый тип: {{fileType}}',
    },
    LanguageSelector: {
      // each language in its own name, so that everyone can find theirs
      availableLanguages: {
        ru: 'Русский',
        en: 'English',
        de: 'Deutsch',
        es: 'Español',
        it: 'Italiano',
        ja: '日本語',
        pl: 'Polski',
        'pt-BR': 'Português (Brasil)',
        ua: 'Українська',
        'zh-CN': '中文',
      },
    },
    Login: {
      welcomeHeader: 'Добро пожаловать',
      welcomeMessage:
        'в Campaign CRM: услуги, рекламные кампании, потенциальные и активные клиенты, контракты и статистика в одном месте',
      properties: {
        email: 'E-mail',
        password: 'Пароль',
      },
      loginButton: 'Войти',
    },
    Dashboard: {
      title: 'Статистика кампаний',
      loading: 'Загрузка…',
      empty: 'Кампаний пока нет',
    },
    // texts of the design system's widgets, English in it (components/ui-texts.ts)
    Select: {
      placeholder: 'Выберите…',
      noOptions: 'Ничего не найдено',
      loading: 'Загрузка…',
    },
    DatePicker: {
      time: 'Время',
      // react-datepicker's announcement for screen readers ("Selected date: …")
      selectedDate: 'Выбрана дата:',
      selectedTime: 'Выбрано время:',
      chooseDay: 'Выбрать',
      disabledDay: 'Недоступно',
      previousMonth: 'Предыдущий месяц',
      nextMonth: 'Следующий месяц',
      previousYear: 'Предыдущий год',
      nextYear: 'Следующий год',
    },
    Boolean: {
      true: 'Да',
      false: 'Нет',
    },
  },
  labels: {
    navigation: 'Навигация',
    // the heading of AdminJS's confirmation dialogs (an action's `guard`)
    confirm: 'Подтверждение',
    pages: 'Страницы',
    selectedRecords: 'Выбрано: {{selected}}',
    filters: 'Фильтры',
    adminVersion: 'AdminJS: {{version}}',
    appVersion: 'Приложение: {{version}}',
    dashboard: 'Панель управления',

    // resources (sidebar, breadcrumbs, page headers): labels.<resourceId>
    services: 'Услуги',
    campaigns: 'Рекламные кампании',
    leads: 'Лиды',
    contracts: 'Контракты',
    customers: 'Клиенты',
    users: 'Пользователи',

    // navigation groups: labels.<navigation.name>
    sales: 'Продажи',
    marketing: 'Маркетинг',
    administration: 'Администрирование',

    // the select of an array item is translated with its indexed path (roles.0.admin, ...)
    roles: {
      0: roleLabels,
      1: roleLabels,
      2: roleLabels,
      3: roleLabels,
    },
  },
  properties: {
    length: 'Количество',
    from: 'От',
    to: 'До',

    // fallbacks for any resource
    id: 'ID',
    createdAt: 'Создано',
    updatedAt: 'Изменено',
    // "add" button of the users.roles array editor
    'roles.addNewItem': 'Добавить роль',
  },
  resources: {
    services: {
      properties: {
        id: 'ID',
        name: 'Название',
        description: 'Описание',
        price: 'Цена',
        createdAt: 'Создано',
        updatedAt: 'Изменено',
      },
    },
    campaigns: {
      properties: {
        leadsCount: 'Лиды',
        id: 'ID',
        name: 'Название',
        serviceId: 'Услуга',
        service: 'Услуга',
        channel: 'Канал продвижения',
        budget: 'Бюджет',
        status: 'Статус',
        launchedAt: 'Запущена',
        finishedAt: 'Завершена',
        createdAt: 'Создано',
        updatedAt: 'Изменено',
      },
      labels: {
        status: {
          draft: 'Черновик',
          active: 'Активна',
          finished: 'Завершена',
        },
        channel: {
          search: 'Контекстная реклама',
          social: 'Социальные сети',
          email: 'Email-рассылка',
          display: 'Медийная реклама',
          offline: 'Офлайн-реклама',
          referral: 'Партнёры и рекомендации',
          other: 'Другое',
        },
      },
      actions: {
        launch: 'Запустить',
        finish: 'Завершить',
      },
    },
    leads: {
      properties: {
        customerId: 'Клиент',
        id: 'ID',
        lastName: 'Фамилия',
        firstName: 'Имя',
        middleName: 'Отчество',
        fullName: 'ФИО',
        phone: 'Телефон',
        email: 'E-mail',
        campaignId: 'Рекламная кампания',
        campaign: 'Рекламная кампания',
        status: 'Статус',
        notes: 'Комментарий',
        lostReason: 'Причина отказа',
        importBatchId: 'Пакет импорта',
        importBatch: 'Пакет импорта',
        createdById: 'Создал',
        createdBy: 'Создал',
        createdAt: 'Создано',
        updatedAt: 'Изменено',
      },
      labels: {
        status: {
          new: 'Новый',
          in_progress: 'В работе',
          converted: 'Стал клиентом',
          lost: 'Отказ',
        },
      },
      actions: {
        convert: 'Перевести в клиенты',
        markLost: 'Отказ',
        import: 'Импорт из CSV',
      },
    },
    contracts: {
      properties: {
        id: 'ID',
        name: 'Название',
        serviceId: 'Услуга',
        service: 'Услуга',
        customerId: 'Клиент',
        customer: 'Клиент',
        amount: 'Сумма',
        signedOn: 'Дата подписания',
        startsOn: 'Дата начала',
        endsOn: 'Дата окончания',
        documentId: 'Документ',
        document: 'Документ',
        createdAt: 'Создано',
        updatedAt: 'Изменено',
      },
    },
    customers: {
      properties: {
        contractsCount: 'Контракты',
        id: 'ID',
        displayName: 'Клиент',
        leadId: 'Лид',
        lead: 'Лид',
        convertedAt: 'Дата перевода',
        convertedById: 'Перевёл',
        convertedBy: 'Перевёл',
        salesVolume: 'Объём продаж',
        createdAt: 'Создано',
        updatedAt: 'Изменено',
      },
    },
    users: {
      properties: {
        id: 'ID',
        email: 'E-mail',
        fullName: 'ФИО',
        roles: 'Роли',
        password: 'Пароль',
        active: 'Активен',
        createdAt: 'Создано',
        updatedAt: 'Изменено',
      },
      labels: {
        roles: roleLabels,
        active: {
          true: 'Да',
          false: 'Нет',
        },
      },
    },
  },
  messages: {
    leadConverted: 'Лид переведён в клиенты, контракт создан',
    leadMarkedLost: 'Лид отмечен как отказ',
    campaignLaunched: 'Кампания запущена',
    campaignFinished: 'Кампания завершена',
    confirmLaunch: 'Запустить кампанию? После запуска в неё можно записывать лидов.',
    confirmFinish: 'Завершить кампанию? Завершённую кампанию нельзя запустить снова.',
    successfullyBulkDeleted: 'Удалена {{count}} запись',
    successfullyBulkDeleted_plural: 'Удалено записей: {{count}}',
    successfullyBulkDeleted_plural_one: 'Удалена {{count}} запись',
    successfullyBulkDeleted_plural_few: 'Удалены {{count}} записи',
    successfullyBulkDeleted_plural_many: 'Удалено {{count}} записей',
    successfullyBulkDeleted_plural_other: 'Удалено записей: {{count}}',
    successfullyDeleted: 'Запись удалена',
    successfullyUpdated: 'Изменения сохранены',
    thereWereValidationErrors: 'Форма заполнена с ошибками — проверьте поля ниже',
    // AdminJS's own refusal keys, without the raw ids it fills in (the panel shows messages.refusal sentences instead)
    forbiddenError: 'Недостаточно прав для этого действия',
    anyForbiddenError: 'У вас нет прав на это действие',
    successfullyCreated: 'Запись создана',
    bulkDeleteError: 'Не удалось удалить записи. Подробности — в консоли',
    errorFetchingRecords: 'Не удалось загрузить записи. Подробности — в консоли',
    errorFetchingRecord: 'Не удалось загрузить запись. Подробности — в консоли',
    noRecordsSelected: 'Не выбрано ни одной записи',
    theseRecordsWillBeRemoved: 'Будет удалена следующая запись',
    theseRecordsWillBeRemoved_plural: 'Будут удалены следующие записи',
    pickSomeFirstToRemove: 'Чтобы удалить записи, сначала выберите их',
    error404Resource: 'Такого раздела нет',
    error404Action: 'Это действие здесь недоступно',
    error404Record: 'Запись не найдена',
    // Refusals that say who may go there (src/admin/refusals.ts builds resources.<id>.messages.refused.<action>)
    refusal: {
      section: 'Раздел «{{section}}» доступен {{roles}}',
      action: 'Действие «{{action}}» в разделе «{{section}}» доступно {{roles}}',
      nobody: 'Действие «{{action}}» в разделе «{{section}}» недоступно',
      roles: { operator: 'операторам', marketer: 'маркетологам', manager: 'менеджерам', admin: 'администраторам' },
      toDashboard: 'На главную',
      toList: 'К списку «{{section}}»',
    },
    seeConsoleForMore: 'Подробности — в консоли разработчика…',
    noActionComponent: 'Для этого действия нужно реализовать компонент',
    noRecordsInResource: 'В этом разделе пока нет записей',
    noRecords: 'Нет записей',
    confirmDelete: 'Вы действительно хотите удалить эту запись?',
    welcomeOnBoard_title: 'Добро пожаловать!',
    welcomeOnBoard_subtitle: 'Теперь вы с нами! Вот несколько советов для начала:',
    addingResources_title: 'Добавление ресурсов',
    addingResources_subtitle: 'Как добавить новые ресурсы в боковое меню',
    customizeResources_title: 'Настройка ресурсов',
    customizeResources_subtitle: 'Поведение, свойства и многое другое…',
    customizeActions_title: 'Настройка действий',
    customizeActions_subtitle: 'Изменяйте стандартные действия или добавляйте свои',
    writeOwnComponents_title: 'Свои компоненты',
    writeOwnComponents_subtitle: 'Как изменить внешний вид AdminJS',
    customDashboard_title: 'Своя панель управления',
    customDashboard_subtitle: 'Как настроить главный экран AdminJS',
    roleBasedAccess_title: 'Управление доступом на основе ролей',
    roleBasedAccess_subtitle: 'Настройте права доступа для пользователей AdminJS',
    community_title: 'Присоединяйтесь к сообществу в Discord',
    community_subtitle: 'Общайтесь с создателями AdminJS и другими пользователями',
    foundBug_title: 'Нашли ошибку? Есть идея, что улучшить?',
    foundBug_subtitle: 'Создайте issue в нашем репозитории на GitHub',
    needMoreSolutions_title: 'Нужны более сложные решения?',
    needMoreSolutions_subtitle:
      'Мы готовы помочь с красивым UX/UI-дизайном и разработать программное обеспечение под ваши задачи — на основе AdminJS и не только',
    keyPlaceholder: 'КЛЮЧ',
    valuePlaceholder: 'ЗНАЧЕНИЕ',
    initialKey: 'Ключ-{{number}}',
    keyInUse: 'Ключи должны быть уникальными',
    keyValuePropertyDefaultDescription:
      'Все значения хранятся как текст. Ключи должны быть уникальными, значения с повторяющимися ключами не сохраняются.',
    pageNotFound_title: 'Страница не найдена',
    pageNotFound_subtitle: 'Страница <strong>«{{pageName}}»</strong> не существует',
    componentNotFound_title: 'Компонент не указан',
    componentNotFound_subtitle: 'Укажите компонент, который будет отображать этот элемент',

    // CRM server notices (also overrides the AdminJS invalidCredentials text)
    forbidden: 'Недостаточно прав для этого действия',
    notFound: 'Запись не найдена',
    validationFailed: 'Проверьте правильность заполнения полей',
    conflict: 'Конфликт: запись изменена или уже существует',
    referenced: 'Нельзя удалить: на запись ссылаются другие данные',
    lastAdmin: 'Нельзя лишить прав или отключить последнего активного администратора',
    ownRoles: 'Нельзя изменить собственные роли или отключить себя',
    invalidCredentials: 'Неверный e-mail или пароль',
    tooManyRequests: 'Слишком много попыток входа. Попробуйте позже',
    internalError: 'Внутренняя ошибка сервера. Попробуйте ещё раз',
  },
} satisfies LocaleTranslations;
