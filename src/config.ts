import path from 'node:path';
import { z } from 'zod';
import { projectRoot } from './shared/paths.js';

const DEV_SECRET = 'dev-only-secret-change-me';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  SESSION_SECRET: z.string().min(1).default(DEV_SECRET),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().default(12),
  TRUST_PROXY: bool.default('false'),
  COOKIE_SECURE: bool.optional(),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(8, 'ADMIN_PASSWORD must have at least 8 characters').optional(),
  BCRYPT_ROUNDS: z.coerce.number().int().min(4).max(15).default(12),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  LOGIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(20),
  LOGIN_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  DEFAULT_LANGUAGE: z.enum(['ru', 'en']).default('ru'),
  CURRENCY: z.string().length(3).default('RUB'),
  MAX_DOCUMENT_MB: z.coerce.number().positive().default(20),
  MAX_IMPORT_MB: z.coerce.number().positive().default(100),
  /** The most leads one «Назначить» / «Снять назначение» (by ticked rows or by a list filter) may change. */
  MAX_BULK_ASSIGN_LEADS: z.coerce.number().int().min(1).max(1_000_000).default(100_000),
  /** How long a stopping app lets requests under way finish before it cuts them. */
  SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * The panel's scripts: `built` serves the minified bundle `npm run build` left in public/admin-assets (the
   * default in production), `bundled` has AdminJS bundle our components on first use and serve its development
   * scripts (the default otherwise: a changed component shows without a build).
   */
  PANEL_ASSETS: z.enum(['built', 'bundled']).optional(),
  // How the panel counts the lists of big tables (leads), see CountPolicy in src/admin/crm-resource.ts: past
  // LIST_ESTIMATE_COUNT_ABOVE rows a table's totals may be estimates; a filtered list is still counted exactly
  // LIST_EXACT_COUNT_AHEAD rows past the page shown, or LIST_EXACT_COUNT_UP_TO rows when PostgreSQL expects no more.
  LIST_ESTIMATE_COUNT_ABOVE: z.coerce.number().int().min(0).default(100_000),
  LIST_EXACT_COUNT_AHEAD: z.coerce.number().int().min(0).default(200),
  LIST_EXACT_COUNT_UP_TO: z.coerce.number().int().min(0).default(1_000),
});

/** Every setting the app reads from the environment (README's configuration table lists each). */
export const CONFIG_KEYS = Object.keys(schema.shape) as (keyof typeof schema.shape)[];

/**
 * The limits the services enforce, derived once from the configuration and handed to each service that needs one
 * (by the panel's and the API's adapters, the start-up code and the demo): no service keeps a limit of its own, so
 * one used outside createApp cannot run on other limits than the app's.
 */
export interface Limits {
  /** MAX_DOCUMENT_MB in bytes: the largest contract document. */
  documentBytes: number;
  /** MAX_IMPORT_MB in bytes: the largest import file. */
  importBytes: number;
  /** BCRYPT_ROUNDS: the cost of a password hash. */
  hashRounds: number;
  /** MAX_BULK_ASSIGN_LEADS: the most leads one bulk assign or unassign changes; more is refused, nothing changed. */
  assignMax: number;
}

export type Config = z.infer<typeof schema> & { dataDir: string; cookieSecure: boolean; production: boolean; limits: Limits; panelAssets: 'built' | 'bundled' };

const MB = 1024 * 1024;

/** Reads and validates the environment; the only place that touches process.env for settings. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const production = c.NODE_ENV === 'production';
  if (production && (c.SESSION_SECRET === DEV_SECRET || c.SESSION_SECRET.length < 32)) {
    throw new ConfigError('SESSION_SECRET must be set to a random string of at least 32 characters in production.');
  }
  return {
    ...c,
    production,
    dataDir: path.resolve(projectRoot, c.DATA_DIR),
    cookieSecure: c.COOKIE_SECURE ?? (production && c.TRUST_PROXY),
    panelAssets: c.PANEL_ASSETS ?? (production ? 'built' : 'bundled'),
    limits: { documentBytes: c.MAX_DOCUMENT_MB * MB, importBytes: c.MAX_IMPORT_MB * MB, hashRounds: c.BCRYPT_ROUNDS, assignMax: c.MAX_BULK_ASSIGN_LEADS },
  };
}

export class ConfigError extends Error {}
