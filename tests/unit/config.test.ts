import { loadConfig } from '../../src/config.js';

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
