import type { ModuleLocale } from '../../admin/locale/index.js';

/** Panel texts of the API tokens resource and its issue form. */
export const tokensLocale: ModuleLocale = {
  ru: {
    labels: { apiTokens: 'API-токены' },
    // the breadcrumbs name an action without its resource id
    actions: { issue: 'Выдать токен', revoke: 'Отозвать токен' },
    resources: {
      apiTokens: {
        properties: {
          name: 'Название', userId: 'Пользователь', prefix: 'Начало токена', createdById: 'Выдал', createdAt: 'Выдан',
          lastUsedAt: 'Последнее использование', expiresAt: 'Действует до', revokedAt: 'Отозван',
        },
        actions: { issue: 'Выдать токен', revoke: 'Отозвать' },
      },
    },
    messages: {
      apiTokenIssued: 'Токен выдан. Скопируйте его сейчас: больше он показан не будет',
      apiTokenRevoked: 'Токен отозван',
      revokeApiTokenConfirm: 'Отозвать токен? Интеграции с ним сразу перестанут работать',
    },
    components: {
      ApiTokenIssue: {
        title: 'Выдать API-токен', user: 'Пользователь', name: 'Название (для чего токен)', expiresOn: 'Действует до (необязательно)',
        submit: 'Выдать', issued: 'Токен выдан',
        copyNow: 'Скопируйте токен сейчас: он показывается один раз, хранится только его хеш',
        copy: 'Копировать', copied: 'Токен скопирован в буфер обмена',
        copyByHand: 'Браузер не дал скопировать автоматически: токен выделен — нажмите Ctrl+C (⌘+C на Mac)',
        usage: 'Передавайте его в заголовке Authorization: Bearer <токен>. Токен действует с правами выбранного пользователя.',
      },
    },
  },
  en: {
    labels: { apiTokens: 'API tokens' },
    actions: { issue: 'Issue token', revoke: 'Revoke token' },
    resources: {
      apiTokens: {
        properties: {
          name: 'Name', userId: 'User', prefix: 'Starts with', createdById: 'Issued by', createdAt: 'Issued',
          lastUsedAt: 'Last used', expiresAt: 'Expires', revokedAt: 'Revoked',
        },
        actions: { issue: 'Issue token', revoke: 'Revoke' },
      },
    },
    messages: {
      apiTokenIssued: 'Token issued. Copy it now: it will not be shown again',
      apiTokenRevoked: 'Token revoked',
      revokeApiTokenConfirm: 'Revoke the token? Integrations using it stop working at once',
    },
    components: {
      ApiTokenIssue: {
        title: 'Issue an API token', user: 'User', name: 'Name (what the token is for)', expiresOn: 'Expires on (optional)',
        submit: 'Issue', issued: 'Token issued',
        copyNow: 'Copy the token now: it is shown once, only its hash is stored',
        copy: 'Copy', copied: 'The token is copied to the clipboard',
        copyByHand: 'The browser did not allow copying: the token is selected, press Ctrl+C (⌘+C on a Mac)',
        usage: 'Send it as Authorization: Bearer <token>. The token acts with the chosen user\'s rights.',
      },
    },
  },
};
