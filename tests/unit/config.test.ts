import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_KEYS, loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/shared/paths.js';

describe('limits', () => {
  it('are derived once from the configuration, in the units the services take', () => {
    const { limits } = loadConfig({ NODE_ENV: 'test', MAX_DOCUMENT_MB: '0.5', MAX_IMPORT_MB: '3', BCRYPT_ROUNDS: '5', MAX_BULK_ASSIGN_LEADS: '250' });
    expect(limits).toEqual({ documentBytes: 512 * 1024, importBytes: 3 * 1024 * 1024, hashRounds: 5, assignMax: 250 });
  });

  it('have the documented defaults', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).limits).toEqual({ documentBytes: 20 * 1024 * 1024, importBytes: 100 * 1024 * 1024, hashRounds: 12, assignMax: 100_000 });
  });

  it('refuse a bulk-assign limit that is not a whole number from 1 to 1,000,000', () => {
    for (const bad of ['0', '2.5', '1000001', 'many']) expect(() => loadConfig({ NODE_ENV: 'test', MAX_BULK_ASSIGN_LEADS: bad })).toThrow(/MAX_BULK_ASSIGN_LEADS/);
  });
});

describe('every setting is documented where people set it', () => {
  const read = (file: string) => fs.readFileSync(path.join(projectRoot, file), 'utf8');
  // Only the embedded database (npm start without DATABASE_URL) reads these; the compose file runs its own server.
  const embeddedOnly = ['DATA_DIR', 'EMBEDDED_PG_PORT'];

  it.each(CONFIG_KEYS)('%s: a row of README\'s configuration table, a line of .env.example, and (but for the embedded database\'s) the compose file', (key) => {
    expect(read('README.md')).toMatch(new RegExp(`^\\| [^|\\n]*\`${key}\`[^|\\n]* \\|`, 'm')); // `PORT` / `HOST` share a row
    expect(read('.env.example')).toMatch(new RegExp(`^#? ?${key}=`, 'm'));
    if (!embeddedOnly.includes(key)) expect(read('docker-compose.yml')).toMatch(new RegExp(`^ +${key}: `, 'm'));
  });
});
