import { loadConfig } from '../../src/config.js';

describe('limits', () => {
  it('are derived once from the configuration, in the units the services take', () => {
    const { limits } = loadConfig({ NODE_ENV: 'test', MAX_DOCUMENT_MB: '0.5', MAX_IMPORT_MB: '3', BCRYPT_ROUNDS: '5' });
    expect(limits).toEqual({ documentBytes: 512 * 1024, importBytes: 3 * 1024 * 1024, hashRounds: 5 });
  });

  it('have the documented defaults', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).limits).toEqual({ documentBytes: 20 * 1024 * 1024, importBytes: 100 * 1024 * 1024, hashRounds: 12 });
  });
});
