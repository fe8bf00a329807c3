import { pino } from 'pino';

/** One process-wide logger; main/createApp set its level from the config. */
export const logger = pino({ level: 'info' });
