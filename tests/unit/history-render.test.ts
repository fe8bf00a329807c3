import { formatInstant, signature } from '../../src/modules/history/history.render.js';

test('the actor signs as surname and initials', () => {
  expect(signature('Соколова Мария Андреевна')).toBe('Соколова М. А.');
  expect(signature('  Иванова   Анна ')).toBe('Иванова А.');
  expect(signature('admin')).toBe('admin');
});

test('times are Moscow time, written as the panel writes them in each language', () => {
  const at = new Date('2026-03-12T11:05:00Z');
  expect(formatInstant(at, 'ru')).toBe('12.03.2026 14:05');
  expect(formatInstant(at, 'en')).toBe('03/12/2026 2:05 PM');
  expect(formatInstant(new Date('2026-03-11T21:30:00Z'), 'ru')).toBe('12.03.2026 00:30');
});
