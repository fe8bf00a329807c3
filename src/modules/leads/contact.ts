import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { z } from 'zod';

/**
 * Normalises a phone to E.164 (+79123456789); Russian habits like 8 (912) 345-67-89 are read with RU as the
 * default region. Returns null when the text is not a valid number.
 */
export function normalizePhone(raw: string): string | null {
  const text = raw.trim();
  if (!text || text.length > 40) return null;
  const digits = text.replace(/\D/g, '');
  // 8XXXXXXXXXX is the domestic Russian form of +7XXXXXXXXXX.
  const candidate = /^8\d{10}$/.test(digits) && !text.startsWith('+') ? `+7${digits.slice(1)}` : text;
  const parsed = parsePhoneNumberFromString(candidate, 'RU');
  return parsed && parsed.isValid() ? parsed.number : null;
}

const emailSchema = z.string().email();

/** Lower-cases and checks an e-mail; null when it is not one. */
export function normalizeEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  if (email.length > 254) return null;
  return emailSchema.safeParse(email).success ? email : null;
}
