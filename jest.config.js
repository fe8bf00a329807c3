/** Jest on native ESM: swc strips types and keeps decorators (TypeORM entities); tests run on a real PostgreSQL. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true, tsx: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
        module: { type: 'es6' },
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/tests/support/global-setup.mjs',
  setupFiles: ['<rootDir>/tests/support/worker-env.mjs'],
  globalTeardown: '<rootDir>/tests/support/global-teardown.mjs',
  testTimeout: 60_000,
};
