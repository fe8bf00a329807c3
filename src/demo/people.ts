/**
 * Russian people for the demo data: names whose surname and patronymic agree with the first name's gender
 * (Иванов Иван Петрович / Иванова Анна Петровна), mobile phones in E.164 and e-mails made from the transliterated
 * name on the mail services Russians use. Pure: every choice comes from the caller's seeded generator.
 */
import type { prng } from '../shared/prng.js';

type Random = ReturnType<typeof prng>;

export interface Person {
  lastName: string;
  firstName: string;
  middleName: string | null;
  female: boolean;
}

// The commonest first, as real frequency lists go: picks lean towards the start of each list.
const MALE = [
  'Александр', 'Сергей', 'Дмитрий', 'Андрей', 'Алексей', 'Максим', 'Евгений', 'Иван', 'Михаил', 'Артём', 'Николай', 'Владимир',
  'Денис', 'Павел', 'Роман', 'Игорь', 'Олег', 'Антон', 'Кирилл', 'Илья', 'Никита', 'Константин', 'Виктор', 'Юрий', 'Вадим',
  'Егор', 'Тимур', 'Руслан', 'Григорий', 'Станислав', 'Василий', 'Фёдор', 'Леонид', 'Глеб', 'Ярослав',
];
const FEMALE = [
  'Анна', 'Елена', 'Ольга', 'Наталья', 'Екатерина', 'Мария', 'Татьяна', 'Ирина', 'Светлана', 'Юлия', 'Анастасия', 'Марина',
  'Дарья', 'Ксения', 'Алина', 'Виктория', 'Полина', 'Надежда', 'Людмила', 'Евгения', 'Валерия', 'Кристина', 'Софья', 'Вера',
  'Галина', 'Любовь', 'Алёна', 'Оксана', 'Маргарита', 'Елизавета', 'Диана', 'Вероника', 'Яна', 'Лариса', 'Жанна',
];
/** Patronymics as [male, female], from fathers' names. */
const PATRONYMICS: readonly (readonly [string, string])[] = [
  ['Александрович', 'Александровна'], ['Сергеевич', 'Сергеевна'], ['Владимирович', 'Владимировна'], ['Андреевич', 'Андреевна'],
  ['Алексеевич', 'Алексеевна'], ['Дмитриевич', 'Дмитриевна'], ['Николаевич', 'Николаевна'], ['Михайлович', 'Михайловна'],
  ['Иванович', 'Ивановна'], ['Викторович', 'Викторовна'], ['Юрьевич', 'Юрьевна'], ['Евгеньевич', 'Евгеньевна'],
  ['Анатольевич', 'Анатольевна'], ['Игоревич', 'Игоревна'], ['Олегович', 'Олеговна'], ['Петрович', 'Петровна'],
  ['Васильевич', 'Васильевна'], ['Павлович', 'Павловна'], ['Геннадьевич', 'Геннадьевна'], ['Борисович', 'Борисовна'],
  ['Валерьевич', 'Валерьевна'], ['Романович', 'Романовна'], ['Константинович', 'Константиновна'], ['Григорьевич', 'Григорьевна'],
  ['Фёдорович', 'Фёдоровна'], ['Леонидович', 'Леонидовна'], ['Ильич', 'Ильинична'], ['Никитич', 'Никитична'], ['Львович', 'Львовна'],
];
/** Surnames in their masculine form; feminine() derives the other. */
const SURNAMES = [
  'Иванов', 'Смирнов', 'Кузнецов', 'Попов', 'Васильев', 'Петров', 'Соколов', 'Михайлов', 'Новиков', 'Фёдоров', 'Морозов',
  'Волков', 'Алексеев', 'Лебедев', 'Семёнов', 'Егоров', 'Павлов', 'Козлов', 'Степанов', 'Николаев', 'Орлов', 'Андреев',
  'Макаров', 'Никитин', 'Захаров', 'Зайцев', 'Соловьёв', 'Борисов', 'Яковлев', 'Григорьев', 'Романов', 'Воробьёв', 'Сергеев',
  'Кузьмин', 'Фролов', 'Александров', 'Дмитриев', 'Королёв', 'Гусев', 'Киселёв', 'Ильин', 'Максимов', 'Поляков', 'Сорокин',
  'Виноградов', 'Ковалёв', 'Белов', 'Медведев', 'Антонов', 'Тарасов', 'Жуков', 'Баранов', 'Филиппов', 'Комаров', 'Давыдов',
  'Беляев', 'Герасимов', 'Богданов', 'Осипов', 'Сидоров', 'Матвеев', 'Титов', 'Марков', 'Миронов', 'Крылов', 'Куликов',
  'Карпов', 'Власов', 'Мельников', 'Денисов', 'Гаврилов', 'Тихонов', 'Казаков', 'Афанасьев', 'Данилов', 'Савельев', 'Тимофеев',
  'Фомин', 'Чернов', 'Абрамов', 'Мартынов', 'Ефимов', 'Федотов', 'Щербаков', 'Назаров', 'Калинин', 'Исаев', 'Чернышёв',
  'Быков', 'Маслов', 'Родионов', 'Коновалов', 'Лазарев', 'Воронин', 'Климов', 'Филатов', 'Пономарёв', 'Голубев', 'Кудрявцев',
  'Прохоров', 'Наумов', 'Потапов', 'Журавлёв', 'Овчинников', 'Трофимов', 'Леонов', 'Соболев', 'Ермаков', 'Колесников',
  'Гончаров', 'Емельянов', 'Никифоров', 'Грачёв', 'Котов', 'Гришин', 'Ефремов', 'Архипов', 'Громов', 'Кириллов', 'Малышев',
  'Панов', 'Моисеев', 'Румянцев', 'Акимов', 'Кондратьев', 'Бирюков', 'Горбунов', 'Анисимов', 'Ершов', 'Шмелёв', 'Шубин',
  'Островский', 'Вишневский', 'Ковальский', 'Белецкий', 'Трубецкой', 'Толстой', 'Шевченко', 'Бондаренко', 'Черных', 'Седых', 'Ким',
];

/** The feminine form: -ов/-ев/-ин + а, -ский/-цкий → -ская/-цкая, -ой → -ая; -енко, -ых, Ким stay as they are. */
export function feminine(surname: string): string {
  if (/(ов|ев|ёв|ин|ын)$/.test(surname)) return `${surname}а`;
  if (/(ий|ый|ой)$/.test(surname)) return `${surname.slice(0, -2)}ая`;
  return surname;
}

/** An index leaning towards the start of a list of n (the commoner names). */
const popular = (r: Random, n: number) => Math.floor(n * Math.pow(r.next(), 1.7));

export function person(r: Random): Person {
  const female = r.next() < 0.52;
  const surname = SURNAMES[popular(r, SURNAMES.length)];
  const patronymic = r.next() < 0.82 ? PATRONYMICS[popular(r, PATRONYMICS.length)][female ? 1 : 0] : null;
  return {
    lastName: female ? feminine(surname) : surname,
    firstName: female ? FEMALE[popular(r, FEMALE.length)] : MALE[popular(r, MALE.length)],
    middleName: patronymic,
    female,
  };
}

export const fullName = (p: Pick<Person, 'lastName' | 'firstName' | 'middleName'>) => [p.lastName, p.firstName, p.middleName].filter(Boolean).join(' ');

// Passport-style transliteration (ГОСТ Р 52535.1-2006 without the apostrophes), as people spell their mailbox names.
const LATIN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n', о: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e',
  ю: 'yu', я: 'ya',
};

export function transliterate(text: string): string {
  return [...text.toLowerCase()].map((ch) => LATIN[ch] ?? (/[a-z0-9]/.test(ch) ? ch : '')).join('');
}

const DOMAINS: readonly (readonly [string, number])[] = [
  ['mail.ru', 34], ['yandex.ru', 26], ['gmail.com', 16], ['bk.ru', 5], ['list.ru', 5], ['inbox.ru', 4], ['ya.ru', 4], ['rambler.ru', 3], ['icloud.com', 3],
];
const DOMAIN_TOTAL = DOMAINS.reduce((s, [, w]) => s + w, 0);

function domain(r: Random): string {
  let x = r.next() * DOMAIN_TOTAL;
  for (const [name, weight] of DOMAINS) if ((x -= weight) < 0) return name;
  return DOMAINS[0][0];
}

/** A mailbox the person might have, unique within `taken` (a number is added on collision, as mail services do). */
export function email(r: Random, p: Person, taken: Set<string>): string {
  const first = transliterate(p.firstName);
  const last = transliterate(p.lastName);
  const year = r.int(1968, 2004);
  const patterns = [
    `${first}.${last}`, `${last}.${first}`, `${first[0]}.${last}`, `${last}${String(year).slice(2)}`, `${first}${last}${year}`,
    `${last}_${first[0]}`, `${first}_${last}`, `${last}.${first[0]}${r.int(1, 99)}`,
  ];
  let local = patterns[r.int(0, patterns.length - 1)];
  const host = domain(r);
  while (taken.has(`${local}@${host}`)) local = `${local}${r.int(0, 9)}`;
  taken.add(`${local}@${host}`);
  return `${local}@${host}`;
}

// DEF codes of the Russian mobile operators (МТС, МегаФон, Билайн, Т2 and others) whose whole range libphonenumber
// takes as valid (930 is not: parts of it are unassigned), so that every number is one the app would store.
const MOBILE_CODES = [
  900, 901, 902, 903, 904, 905, 906, 908, 909, 910, 911, 912, 913, 914, 915, 916, 917, 918, 919, 920, 921, 922, 923, 924, 925,
  926, 927, 928, 929, 931, 932, 933, 934, 936, 937, 938, 939, 950, 951, 952, 953, 958, 960, 961, 962, 963, 964, 965, 966,
  967, 968, 969, 977, 978, 980, 981, 982, 983, 984, 985, 986, 987, 988, 989, 991, 992, 993, 994, 995, 996, 997, 999,
];

/** A Russian mobile number in E.164 (+79…), unique within `taken`. */
export function mobilePhone(r: Random, taken: Set<string>): string {
  for (;;) {
    const phone = `+7${MOBILE_CODES[r.int(0, MOBILE_CODES.length - 1)]}${String(r.int(0, 9_999_999)).padStart(7, '0')}`;
    if (!taken.has(phone)) {
      taken.add(phone);
      return phone;
    }
  }
}
