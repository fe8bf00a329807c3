import type { Request } from 'express';

/**
 * English texts for the messages the API sends (domain errors, field messages, our own refusals). The services
 * speak Russian; the API translates on the way out when the request prefers English (Accept-Language). One map,
 * kept next to the only place that uses it.
 */
const EN: Record<string, string> = {
  // requests and access
  'Требуется вход в систему': 'Authentication required',
  'Войдите в систему': 'Please sign in',
  'Неверный или отозванный токен': 'Invalid, expired or revoked API token',
  'Неверный e-mail или пароль': 'Wrong e-mail or password',
  'Слишком много попыток входа. Попробуйте позже': 'Too many sign-in attempts. Try again later',
  'Недостаточно прав для этого действия': 'You may not do this',
  'Запрос с чужого сайта отклонён': 'Cross-site request refused',
  'Нет такого адреса API': 'No such API endpoint',
  'Не удалось разобрать запрос': 'The request could not be parsed',
  'Тело запроса получено не полностью': 'The request body arrived incomplete',
  'Тело запроса должно быть объектом JSON': 'The request body must be a JSON object',
  'Ожидается JSON (Content-Type: application/json)': 'JSON expected (Content-Type: application/json)',
  'Ожидается JSON или multipart/form-data': 'JSON or multipart/form-data expected',
  'Неверный идентификатор': 'Invalid id',
  'Неверные параметры запроса': 'Invalid query parameters',
  'Слишком большой запрос': 'Request too large',
  'Внутренняя ошибка сервера. Попробуйте ещё раз': 'Internal server error. Please try again',
  'Сервис временно недоступен. Повторите запрос позже': 'The service is temporarily unavailable. Please retry later',
  'Неверный заголовок Idempotency-Key: от 1 до 255 печатных символов ASCII': 'Invalid Idempotency-Key header: 1 to 255 printable ASCII characters',
  'Запрос с этим ключом Idempotency-Key ещё выполняется': 'A request with this Idempotency-Key is still in progress',
  'Ключ Idempotency-Key уже использован для другого запроса': 'This Idempotency-Key was already used for a different request',
  'Запись не найдена': 'Record not found',
  'Неверный курсор: начните список заново': 'Invalid cursor: start the list again',
  'У контракта нет документа': 'The contract has no document',
  // validation
  'Проверьте правильность заполнения полей': 'Please check the highlighted fields',
  'Обязательное поле': 'Required',
  'Неверный формат значения': 'Invalid value',
  'Неверный формат': 'Invalid format',
  'Недопустимое значение': 'Invalid value',
  'Неверный адрес e-mail': 'Invalid e-mail address',
  'Не похоже на номер телефона': 'Not a phone number',
  'Укажите телефон или e-mail': 'Give a phone or an e-mail',
  'Дата в формате ГГГГ-ММ-ДД': 'A date as YYYY-MM-DD',
  'Дата «по» раньше даты «с»': 'The "to" date is before the "from" date',
  'Дата окончания не может быть раньше даты начала': 'The end date cannot be before the start date',
  'Сумма: число с не более чем двумя знаками после запятой': 'Amount: a number with at most two decimals',
  'Сумма должна быть больше нуля': 'The amount must be greater than zero',
  'Сумма не может быть отрицательной': 'The amount cannot be negative',
  'Слишком большая сумма': 'The amount is too large',
  'Слишком длинное значение': 'Value too long',
  'Число вне допустимого диапазона': 'Number out of range',
  'Пароль не короче 8 символов': 'The password needs at least 8 characters',
  'Выберите хотя бы одну роль': 'Choose at least one role',
  'Связанная запись не найдена': 'The referenced record does not exist',
  'Только для чтения': 'Read-only',
  'Недопустимый символ в тексте': 'A character that text cannot hold',
  'Неизвестное поле': 'Unknown field',
  'Срок действия должен быть в будущем': 'The expiry date must be in the future',
  'Файл пустой': 'The file is empty',
  'Допустимы только PDF, DOC, DOCX, ODT, PNG и JPG': 'Only PDF, DOC, DOCX, ODT, PNG and JPG files are accepted',
  'Услуга не найдена': 'Service not found',
  'Кампания не найдена': 'Campaign not found',
  'Клиент не найден': 'Customer not found',
  'Пользователь не найден': 'User not found',
  'Кампания ещё не запущена: лиды принимаются только в запущенные кампании': 'The campaign is not launched yet: leads go only to launched campaigns',
  // conflicts and states
  'Такая запись уже есть': 'Such a record already exists',
  'Услуга с таким названием уже есть': 'A service with this name already exists',
  'Кампания с таким названием уже есть': 'A campaign with this name already exists',
  'Пользователь с таким e-mail уже есть': 'A user with this e-mail already exists',
  'Этот потенциальный клиент уже переведён в клиенты': 'This lead is already converted',
  'Этот лид уже переведён в клиенты': 'This lead is already converted',
  'Лид уже переведён в клиенты': 'The lead is already converted',
  'Лид уже отмечен как отказ': 'The lead is already marked lost',
  'Лид в отказе: перевести его в клиенты нельзя': 'The lead is lost: it cannot be converted',
  'Лид переведён в клиенты: можно менять только комментарий': 'The lead is converted: only its notes may change',
  'Лид в отказе: можно менять только комментарий': 'The lead is lost: only its notes may change',
  'Статусы «Стал клиентом» и «Отказ» ставятся кнопками «Перевести в клиенты» и «Отказ»':
    'The statuses "converted" and "lost" are set by the convert and lost actions',
  'Бюджет завершённой кампании изменить нельзя': 'The budget of a finished campaign cannot change',
  'Услугу завершённой кампании изменить нельзя': 'The service of a finished campaign cannot change',
  'Кампания завершена: бюджет и услуга только для чтения': 'The campaign is finished: budget and service are read-only',
  'Завершённую кампанию нельзя запустить снова': 'A finished campaign cannot be launched again',
  'Черновик нельзя завершить: сначала запустите кампанию': 'A draft cannot be finished: launch it first',
  'Кампания уже завершена': 'The campaign is already finished',
  'Нельзя изменить собственные роли, отключить или удалить себя': 'You cannot change your own roles, deactivate or delete yourself',
  'Нельзя лишить прав, отключить или удалить последнего активного администратора': 'The last active administrator cannot lose the role, be deactivated or deleted',
  'Нельзя удалить кампанию: в неё импортировались потенциальные клиенты': 'The campaign cannot be deleted: leads were imported into it',
  'Нельзя удалить кампанию: у неё есть потенциальные клиенты': 'The campaign cannot be deleted: it has leads',
  'Нельзя удалить клиента: у него есть контракты': 'The customer cannot be deleted: it has contracts',
  'Нельзя удалить потенциального клиента: он уже стал клиентом': 'The lead cannot be deleted: it is a customer now',
  'Нельзя удалить услугу: по ней есть рекламные кампании': 'The service cannot be deleted: campaigns use it',
  'Нельзя удалить услугу: по ней заключены контракты': 'The service cannot be deleted: contracts use it',
  'Нельзя удалить: на запись ссылаются другие данные': 'Cannot delete: other records refer to this one',
  // leads import (/leads/import…)
  'В эту кампанию ещё ничего не импортировали': 'Nothing has been imported into this campaign yet',
  'Последний импорт в эту кампанию уже отменён': 'The last import into this campaign is already undone',
  'Импорт не найден': 'Import not found',
  'Неподдерживаемый тип содержимого': 'Unsupported content type',
  'Отправьте файл как text/csv или multipart/form-data (поле file)': 'Send the file as text/csv or multipart/form-data (field file)',
  'Нет файла: ожидается поле file': 'No file: the field file is expected',
  'Не удалось разобрать multipart-запрос': 'The multipart request could not be parsed',
  'Файл не передан': 'No file sent',
  'Файл пуст': 'The file is empty',
  'В файле нет строк с данными: только заголовок': 'The file has no data rows: only the header',
  'Слишком большой файл': 'The file is too large',
};

const NOUNS: Record<string, string> = {
  Запись: 'Record', Услуга: 'Service', Кампания: 'Campaign', Лид: 'Lead', Клиент: 'Customer', Контракт: 'Contract',
  Пользователь: 'User', Документ: 'Document', Токен: 'Token',
};
const CAMPAIGN_STATES: Record<string, string> = { черновик: 'a draft', активна: 'active', завершена: 'finished' };

/** Messages with a number or a name inside. */
const PATTERNS: [RegExp, (...m: string[]) => string][] = [
  [/^(\S+) не найдена$/, (_, what) => `${NOUNS[what] ?? 'Record'} not found`],
  [/^Не длиннее (\d+) символов$/, (_, n) => `At most ${n} characters`],
  [/^Не короче (\d+) символов$/, (_, n) => `At least ${n} characters`],
  [/^Не меньше (\S+)$/, (_, n) => `At least ${n}`],
  [/^Не больше (\S+)$/, (_, n) => `At most ${n}`],
  [/^Больше (\S+)$/, (_, n) => `Greater than ${n}`],
  [/^Выберите хотя бы (\d+)$/, (_, n) => `Choose at least ${n}`],
  [/^Файл больше ([\d\s\u00a0\u202f,]+) МБ$/, (_, n) => `The file is larger than ${n.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.')} MB`],
  [/^Недопустимое значение; возможные: (.*)$/, (_, list) => `Invalid value; allowed: ${list}`],
  [/^Неизвестные поля: (.*)$/, (_, list) => `Unknown fields: ${list}`],
  [/^Сортировка возможна по: (.*)$/, (_, list) => `Sorting is possible by: ${list}`],
  [/^Отменить импорт нельзя: лиды из него уже переведены в клиенты \((\d+)\)$/, (_, n) => `The import cannot be undone: some of its leads are customers already (${n})`],
  [/^Запустить можно только черновик; кампания уже (\S+)$/, (_, s) => `Only a draft can be launched; the campaign is already ${CAMPAIGN_STATES[s] ?? s}`],
];

export type Language = 'ru' | 'en';

/** The request's language from Accept-Language: English when preferred over Russian, Russian otherwise. */
export const languageOf = (req: Request): Language => (req.acceptsLanguages('ru', 'en') === 'en' ? 'en' : 'ru');

export function translate(message: string, lang: Language): string {
  if (lang === 'ru') return message;
  if (EN[message]) return EN[message];
  for (const [re, fn] of PATTERNS) {
    const m = re.exec(message);
    if (m) return fn(...m);
  }
  return message;
}

interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

/** An error body in the request's language: the message and each field message. */
export function localize<B extends ErrorBody>(body: B, lang: Language): B {
  if (lang === 'ru') return body;
  const details = body.error.details as { fields?: Record<string, string> } | null;
  const fields = details && typeof details === 'object' && details.fields
    ? { ...details, fields: Object.fromEntries(Object.entries(details.fields).map(([k, v]) => [k, translate(String(v), lang)])) }
    : details;
  return { ...body, error: { ...body.error, message: translate(body.error.message, lang), details: fields } };
}

/** Every Russian message with an English text, for the test that keeps the map complete. */
export const translatedMessages = () => Object.keys(EN);
